using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>What the engine asks of one request beyond its properties.</summary>
/// <param name="Timeout">The engine's per-operation timeout (<c>customTimeouts</c>); null when unset (0 on the wire).</param>
public sealed record OperationContext(string Urn, TimeSpan? Timeout)
{
    public static TimeSpan? TimeoutOf(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>For a Create that is the new half of a replacement, the id of the object it replaces (which the engine
    /// deletes afterwards); null otherwise or when not known (<see cref="PendingReplacements"/>).</summary>
    public string? ReplacingId { get; init; }

    /// <summary>The caller's token, cancelled as well when the operation's timeout elapses. Both resources use it, so
    /// a timeout means the same everywhere: stop, and record whatever committed (Core's safe create settles a POST
    /// cut off mid-flight by name).</summary>
    public OperationLimit Limit(CancellationToken cancellationToken) => new(Timeout, cancellationToken);
}

/// <summary>One operation's cancellation: the engine's (Cancel, shutdown) or its own timeout, told apart for messages.</summary>
public sealed class OperationLimit : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;
    private readonly TimeSpan? _timeout;

    public OperationLimit(TimeSpan? timeout, CancellationToken caller)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _caller = caller;
        _timeout = timeout;
        if (timeout is { } limit)
        {
            _source.CancelAfter(limit);
        }
    }

    public CancellationToken Token => _source.Token;

    /// <summary>"the operation's timeout (N s) elapsed; " when that is why the token fired, else empty: the one
    /// wording both resources put before their failures.</summary>
    public string TimeoutNote => _source.IsCancellationRequested && !_caller.IsCancellationRequested && _timeout is { } limit
        ? $"the operation's timeout ({limit.TotalSeconds:0.#} s, customTimeouts) elapsed; "
        : "";

    public void Dispose() => _source.Dispose();
}

/// <summary>The lifecycle every resource type of the provider offers; the gRPC adapter dispatches on the type token.</summary>
public interface IProviderResource
{
    Task<(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures)> CheckAsync(PropertyMap news, ProviderSession? session, CancellationToken cancellationToken);

    Task<DiffResult> DiffAsync(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges, CancellationToken cancellationToken);

    Task<(string Id, PropertyMap Outputs)> CreateAsync(OperationContext operation, PropertyMap inputs, bool preview, ProviderSession? session, CancellationToken cancellationToken);

    Task<ReadResult> ReadAsync(OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken);

    Task<PropertyMap> UpdateAsync(OperationContext operation, string id, PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news,
        IEnumerable<string> ignoreChanges, bool preview, ProviderSession? session, CancellationToken cancellationToken);

    Task DeleteAsync(OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken);
}
