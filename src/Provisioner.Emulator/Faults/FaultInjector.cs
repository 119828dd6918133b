namespace Provisioner.Emulator;

/// <summary>
/// Fault injection. Off (no rules) unless a test switches it on. Rules are evaluated in the order added: latency
/// rules add up, and the first status or drop rule that fires decides the response. With <see cref="Seed"/> set,
/// the random draws for <see cref="FaultRule.Rate"/> repeat exactly for the same sequence of requests.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<Entry> _rules = [];
    private Random _random = new();
    private int _nextId;
    private long _injected;

    /// <summary>True when at least one rule is active.</summary>
    public bool Enabled
    {
        get { lock (_gate) return _rules.Count > 0; }
    }

    /// <summary>How many requests a fault shaped since start (or the last <see cref="Clear"/>).</summary>
    public long InjectedCount => Interlocked.Read(ref _injected);

    public IReadOnlyList<ActiveFault> Rules
    {
        get { lock (_gate) return _rules.Select(r => new ActiveFault(r.Id, r.Rule, r.Fired)).ToArray(); }
    }

    /// <summary>Makes the rate draws deterministic from now on.</summary>
    public void Seed(int seed)
    {
        lock (_gate) _random = new Random(seed);
    }

    /// <summary>Adds a rule; returns its id (for <see cref="Remove"/>).</summary>
    /// <exception cref="ArgumentException">The rule is inconsistent (rate outside (0,1], bad status, negative latency, count &lt; 1).</exception>
    public string Add(FaultRule rule)
    {
        Validate(rule);
        lock (_gate)
        {
            var id = $"fault-{++_nextId}";
            _rules.Add(new Entry(id, rule, FaultPathPattern.Parse(rule.Path)));
            return id;
        }
    }

    public bool Remove(string id)
    {
        lock (_gate) return _rules.RemoveAll(r => r.Id == id) > 0;
    }

    /// <summary>Removes every rule and resets the counter: fault injection is off again.</summary>
    public void Clear()
    {
        lock (_gate) _rules.Clear();
        Interlocked.Exchange(ref _injected, 0);
    }

    // Conveniences for the common cases.

    /// <summary>429 with Retry-After on a fraction of matching requests.</summary>
    public string RateLimit(double rate, TimeSpan? retryAfter = null, string? method = null, string? path = null) =>
        Add(new FaultRule { Kind = FaultKind.Status, StatusCode = 429, RetryAfter = retryAfter, Rate = rate, Method = method, Path = path });

    /// <summary>Answer the next <paramref name="count"/> matching requests with <paramref name="statusCode"/>.</summary>
    public string FailNext(int count, int statusCode = 503, string? method = null, string? path = null, TimeSpan? retryAfter = null) =>
        Add(new FaultRule { Kind = FaultKind.Status, StatusCode = statusCode, Count = count, Method = method, Path = path, RetryAfter = retryAfter });

    /// <summary>Answer a fraction of matching requests with <paramref name="statusCode"/>.</summary>
    public string Fail(double rate, int statusCode = 503, string? method = null, string? path = null, TimeSpan? retryAfter = null) =>
        Add(new FaultRule { Kind = FaultKind.Status, StatusCode = statusCode, Rate = rate, Method = method, Path = path, RetryAfter = retryAfter });

    /// <summary>A token-bucket rate limit per org: <paramref name="requestsPerSecond"/> sustained, <paramref name="burst"/>
    /// at once; requests beyond it get 429 with <c>Retry-After</c>.</summary>
    public string LimitRate(double requestsPerSecond, int burst, string? method = null, string? path = null) =>
        Add(new FaultRule { Kind = FaultKind.RateLimit, RequestsPerSecond = requestsPerSecond, Burst = burst, Method = method, Path = path });

    /// <summary>Delay matching requests.</summary>
    public string AddLatency(TimeSpan latency, double rate = 1.0, string? method = null, string? path = null) =>
        Add(new FaultRule { Kind = FaultKind.Latency, Latency = latency, Rate = rate, Method = method, Path = path });

    /// <summary>Commit matching requests (default: POST /connections) but drop the response.</summary>
    public string DropResponseAfterCommit(double rate = 1.0, int? count = null, string method = "POST", string path = "/connections") =>
        Add(new FaultRule { Kind = FaultKind.DropResponse, Rate = rate, Count = count, Method = method, Path = path });

    /// <summary>Commit matching requests (default: POST /connections), then hold the response for <paramref name="delay"/>.</summary>
    public string DelayResponseAfterCommit(TimeSpan delay, int? count = null, string method = "POST", string path = "/connections") =>
        Add(new FaultRule { Kind = FaultKind.DelayResponse, Latency = delay, Count = count, Method = method, Path = path });

    internal FaultDecision Decide(string method, string path) => Decide(method, path, org: "", TimeProvider.System.GetUtcNow());

    /// <param name="org">The caller's org header (rate limits are per org).</param>
    /// <param name="now">The emulator's clock (rate limits refill by it).</param>
    internal FaultDecision Decide(string method, string path, string org, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_rules.Count == 0) return FaultDecision.None;
            var latency = TimeSpan.Zero;
            FaultRule? terminal = null;
            foreach (var entry in _rules)
            {
                if (entry.Exhausted) continue;
                if (entry.Rule.Method is not null && !string.Equals(entry.Rule.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
                if (!entry.Pattern.Matches(path)) continue;
                if (terminal is not null && entry.Rule.Kind != FaultKind.Latency) continue;
                if (entry.Rule.Kind == FaultKind.RateLimit)
                {
                    if (!entry.Buckets.TryGetValue(org, out var bucket))
                    {
                        entry.Buckets[org] = bucket = new TokenBucket(entry.Rule.RequestsPerSecond, entry.Rule.Burst, now);
                    }
                    if (bucket.TryTake(now) is not { } wait)
                    {
                        continue; // a token: this request goes through
                    }
                    entry.Fired++;
                    terminal = new FaultRule { Kind = FaultKind.Status, StatusCode = 429, RetryAfter = wait };
                    continue;
                }
                if (entry.Rule.Rate < 1.0 && _random.NextDouble() >= entry.Rule.Rate) continue;
                entry.Fired++;
                if (entry.Rule.Kind == FaultKind.Latency) latency += entry.Rule.Latency;
                else terminal = entry.Rule;
            }

            _rules.RemoveAll(r => r.Exhausted);
            if (terminal is null && latency == TimeSpan.Zero) return FaultDecision.None;
            Interlocked.Increment(ref _injected);
            return new FaultDecision(latency, terminal);
        }
    }

    private static void Validate(FaultRule rule)
    {
        if (!(rule.Rate > 0 && rule.Rate <= 1)) throw new ArgumentException($"Fault rate must be in (0, 1], got {rule.Rate}.", nameof(rule));
        if (rule.Count is < 1) throw new ArgumentException($"Fault count must be at least 1, got {rule.Count}.", nameof(rule));
        if (rule.Kind == FaultKind.Status && rule.StatusCode is < 400 or > 599) throw new ArgumentException($"Fault status must be 4xx or 5xx, got {rule.StatusCode}.", nameof(rule));
        if (rule.Kind is FaultKind.Latency or FaultKind.DelayResponse && rule.Latency <= TimeSpan.Zero) throw new ArgumentException($"{rule.Kind} fault needs a positive latency.", nameof(rule));
        if (rule.Kind == FaultKind.RateLimit && !(rule.RequestsPerSecond > 0 && rule.Burst >= 1)) throw new ArgumentException($"A rate limit needs requestsPerSecond > 0 and burst >= 1, got {rule.RequestsPerSecond} and {rule.Burst}.", nameof(rule));
        if (rule.RetryAfter is { } r && r < TimeSpan.Zero) throw new ArgumentException("Retry-After must not be negative.", nameof(rule));
        _ = FaultPathPattern.Parse(rule.Path);
    }

    private sealed class Entry(string id, FaultRule rule, FaultPathPattern pattern)
    {
        public string Id { get; } = id;
        public FaultRule Rule { get; } = rule;
        public FaultPathPattern Pattern { get; } = pattern;
        public int Fired { get; set; }
        /// <summary>Per org, for <see cref="FaultKind.RateLimit"/>; used under the injector's lock.</summary>
        public Dictionary<string, TokenBucket> Buckets { get; } = new(StringComparer.Ordinal);
        public bool Exhausted => Rule.Count is { } count && Fired >= count;
    }
}

/// <summary>What to do with one request: wait <see cref="Latency"/>, then apply <see cref="Terminal"/> if any.</summary>
internal sealed record FaultDecision(TimeSpan Latency, FaultRule? Terminal)
{
    public static readonly FaultDecision None = new(TimeSpan.Zero, null);
}
