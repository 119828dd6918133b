using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>What the engine asks of one request beyond its properties.</summary>
/// <param name="Timeout">The engine's per-operation timeout (<c>customTimeouts</c>); null when unset (0 on the wire).</param>
public sealed record OperationContext(string Urn, TimeSpan? Timeout)
{
    public static TimeSpan? TimeoutOf(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>The caller's token, cancelled as well when the operation's timeout elapses. Both resources use it, so
    /// a timeout means the same everywhere: stop, and record whatever committed (Core's safe create settles a POST
    /// cut off mid-flight by name).</summary>
    public CancellationTokenSource Limit(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout is { } limit)
        {
            source.CancelAfter(limit);
        }
        return source;
    }
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
