using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Definitions;

/// <summary>
/// One entry of <c>sourceConnections:</c>, <c>targetConnections:</c> or <c>dataflows:</c> as written, its structure
/// and types checked. What needs other entries or a catalog (references, connection specs, flow spec pairs, a Data
/// Lake target's dataset id) is the resolver's (<see cref="PipelineResolver"/>).
/// </summary>
public sealed record PipelineDefinition : DefinitionEntry
{
    public required PipelineKind Kind { get; init; }
    /// <summary>The create body's own fields as the OAS names them: <c>name</c>, <c>description</c>, <c>data</c>,
    /// <c>params</c>, <c>scheduleParams</c> (normalised to <c>ScheduleSpecDTO</c>'s types), <c>transformations</c>.
    /// Never a reference field, a connection spec or a flow spec (resolved later).</summary>
    public required JsonObject Body { get; init; }
    public required IReadOnlyList<KeyReference> References { get; init; }
    /// <summary>A target connection's <c>connectionSpec.id</c>; <c>null</c> = the Data Lake target spec.</summary>
    public string? ConnectionSpecId { get; init; }
    public string? ConnectionSpecVersion { get; init; }
    /// <summary>Location of <c>connectionSpec.id</c>, or of the entry when the spec is the default.</summary>
    public SourceLocation SpecLocation { get; init; }
    /// <summary>Location of <c>params</c>, or of the entry when it has none (for "missing params.dataSetId").</summary>
    public SourceLocation ParamsLocation { get; init; }
    /// <summary>A dataflow's flow spec; <c>null</c> for connections.</summary>
    public FlowSpecDefinition? FlowSpec { get; init; }
    /// <summary>A dataflow's declared state (default <c>true</c>); <c>null</c> for connections.</summary>
    public bool? Enabled { get; init; }
}

/// <summary>A field naming another entry by key: <c>baseConnection: mixpanel</c> fills the body's
/// <c>baseConnectionId</c> with <c>connections.mixpanel</c>'s id. <see cref="Field"/> is the body field,
/// <see cref="Target"/> the entry it must name (its kind says which section), <see cref="Location"/> the value written.</summary>
public sealed record KeyReference(string Field, ObjectRef Target, SourceLocation Location);

/// <summary><c>flowSpec: RestStorageToAEP</c> (a name) or <c>flowSpec: { id, version }</c>.</summary>
public sealed record FlowSpecDefinition(string? Name, string? Id, string? Version, SourceLocation Location);
