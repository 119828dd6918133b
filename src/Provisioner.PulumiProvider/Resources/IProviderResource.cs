using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>What the engine asks of one request beyond its properties.</summary>
/// <param name="Timeout">The engine's per-operation timeout (<c>customTimeouts</c>); null when unset (0 on the wire).</param>
public sealed record OperationContext(string Urn, TimeSpan? Timeout)
{
    public static TimeSpan? TimeoutOf(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
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

/// <summary>BaseConnection behind <see cref="IProviderResource"/>: plain delegation, so its own file stays as it is.
/// Timeouts are not applied to it: one create must not be cut off between POST and read-back.</summary>
public sealed class BaseConnectionHandler(BaseConnectionResource resource) : IProviderResource
{
    public Task<(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures)> CheckAsync(PropertyMap news, ProviderSession? session, CancellationToken cancellationToken) =>
        resource.CheckAsync(news, session, cancellationToken);

    public Task<DiffResult> DiffAsync(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges, CancellationToken cancellationToken) =>
        Task.FromResult(BaseConnectionResource.Diff(oldOutputs, oldInputs, news, ignoreChanges));

    public Task<(string Id, PropertyMap Outputs)> CreateAsync(OperationContext operation, PropertyMap inputs, bool preview, ProviderSession? session, CancellationToken cancellationToken) =>
        resource.CreateAsync(operation.Urn, inputs, preview, session, cancellationToken);

    public Task<ReadResult> ReadAsync(OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken) =>
        resource.ReadAsync(id, operation.Urn, oldOutputs, oldInputs, session, cancellationToken);

    public Task<PropertyMap> UpdateAsync(OperationContext operation, string id, PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news,
        IEnumerable<string> ignoreChanges, bool preview, ProviderSession? session, CancellationToken cancellationToken) =>
        resource.UpdateAsync(id, operation.Urn, oldOutputs, oldInputs, news, ignoreChanges, preview, session, cancellationToken);

    public Task DeleteAsync(OperationContext operation, string id, PropertyMap? oldOutputs, PropertyMap? oldInputs, ProviderSession? session, CancellationToken cancellationToken) =>
        resource.DeleteAsync(id, session, cancellationToken);
}
