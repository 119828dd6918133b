namespace Provisioner.Core.Definitions;

/// <summary>A flow spec as a dataflow definition needs it: its id and version for the create body, and which
/// connection specs it carries data from and to (<c>GET /flowSpecs</c>: <c>sourceConnectionSpecIds</c>,
/// <c>targetConnectionSpecIds</c>).</summary>
public sealed record FlowSpecInfo(string Id, string Name, string Version,
    IReadOnlyList<string> SourceConnectionSpecIds, IReadOnlyList<string> TargetConnectionSpecIds)
{
    public bool PairsSource(string connectionSpecId) => SourceConnectionSpecIds.Contains(connectionSpecId, StringComparer.OrdinalIgnoreCase);

    public bool PairsTarget(string connectionSpecId) => TargetConnectionSpecIds.Contains(connectionSpecId, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Where dataflow definitions get flow specs from: the embedded catalog offline (<see cref="EmbeddedFlowSpecCatalog"/>),
/// the live service at apply (a FlowService-backed implementation: <c>GET /flowSpecs?property=name=="…"</c> and
/// <c>GET /flowSpecs/{id}</c>). The resolver does not care which.
/// </summary>
public interface IFlowSpecCatalog
{
    /// <summary>Flow spec names this catalog knows, for "known flow specs" messages (may be a subset of the service's).</summary>
    IReadOnlyCollection<string> KnownNames { get; }

    /// <summary>The flow spec with this name (<c>RestStorageToAEP</c>), or <c>null</c>.</summary>
    Task<FlowSpecInfo?> FindByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The flow spec with this id, or <c>null</c>.</summary>
    Task<FlowSpecInfo?> GetFlowSpecAsync(string id, CancellationToken cancellationToken = default);
}
