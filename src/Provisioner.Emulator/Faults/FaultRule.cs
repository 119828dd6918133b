namespace Provisioner.Emulator;

/// <summary>What an injected fault does.</summary>
public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.StatusCode"/> (429, 500, 502, 503, 504) before the service sees the request.</summary>
    Status,
    /// <summary>Delay the request by <see cref="FaultRule.Latency"/>, then process it normally.</summary>
    Latency,
    /// <summary>Process the request (a POST commits), then abort the connection instead of sending the response.</summary>
    DropResponse,
    /// <summary>Process the request (a POST commits), then hold the response back for <see cref="FaultRule.Latency"/>
    /// before sending it: the window in which a client may give up (Cancel, timeout) on a write that already happened.</summary>
    DelayResponse,
    /// <summary>A token bucket per org (<c>x-gw-ims-org-id</c>): <see cref="FaultRule.RequestsPerSecond"/> tokens a
    /// second, at most <see cref="FaultRule.Burst"/> saved up; a matching request without a token is answered 429 with
    /// the gateway's body and a <c>Retry-After</c> of the seconds until the next token (rounded up), before the service
    /// sees it. Refused requests take no token. <see cref="FaultRule.Rate"/> and <see cref="FaultRule.Count"/> do not apply.</summary>
    RateLimit,
}

/// <summary>
/// One fault-injection rule. A rule applies to requests matching <see cref="Method"/> and <see cref="Path"/>, fires on
/// a <see cref="Rate"/> fraction of them, and retires after <see cref="Count"/> firings when a count is set.
/// </summary>
public sealed record FaultRule
{
    public FaultKind Kind { get; init; } = FaultKind.Status;

    /// <summary>HTTP method to match (case-insensitive); null = any.</summary>
    public string? Method { get; init; }

    /// <summary>
    /// Path pattern; null = any Flow Service path. Segments match literally, <c>*</c> matches one segment, a final
    /// <c>**</c> matches the rest; a trailing slash on the request is ignored. Patterns starting with
    /// <c>/data/</c>, <c>/ims/</c> are absolute; any other pattern is relative to the Flow Service base, so
    /// <c>/connections/*</c> means <c>/data/foundation/flowservice/connections/{id}</c>.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>For <see cref="FaultKind.Status"/>.</summary>
    public int StatusCode { get; init; } = 503;

    /// <summary><c>Retry-After</c> (whole seconds, rounded up) sent with a status fault; 429 always sends one (default 1 s).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>For <see cref="FaultKind.Latency"/> (before processing) and <see cref="FaultKind.DelayResponse"/> (after).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Fraction (0..1] of matching requests the rule fires on. Random draws use the injector's seed.</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>Fire at most this many times ("the next N matching requests"); null = unlimited.</summary>
    public int? Count { get; init; }

    /// <summary>For <see cref="FaultKind.RateLimit"/>: the sustained rate R each org is allowed.</summary>
    public double RequestsPerSecond { get; init; }

    /// <summary>For <see cref="FaultKind.RateLimit"/>: the bucket size B (requests an idle org may send at once).</summary>
    public int Burst { get; init; } = 1;
}

/// <summary>An active rule with its id and how often it fired.</summary>
public sealed record ActiveFault(string Id, FaultRule Rule, int Fired);
