namespace Provisioner.Core.Pipeline;

/// <summary>
/// The objects after a base connection in an ingestion pipeline, in dependency order: a source connection reads
/// through a base connection, a target connection names where data lands, a dataflow joins a source connection to a
/// target connection under a flow spec. References only point to an earlier kind, so a cycle cannot be written.
/// </summary>
public enum PipelineKind
{
    SourceConnection,
    TargetConnection,
    Dataflow,
}

/// <summary>One fact per kind: its definitions-file section, its REST collection, and what the service lets a PATCH
/// change. A change outside <see cref="PipelineKindInfo.Patchable"/> (a connection spec, a base connection id, a flow
/// spec, a flow's connection ids) is a replacement: Adobe's dataflow docs say to "create a new pair of source and
/// target connections, as well as a new dataflow" rather than re-point one.</summary>
/// <param name="DeleteBeforeReplace">A replacement deletes the old object before creating the new one. Only a
/// dataflow's: nothing depends on a dataflow, and an old and a new flow side by side would both run and write to the
/// same dataset. Connections are replaced create-before-delete, because their dependants must move first. The waves
/// of an apply and a single Pulumi resource's Diff both follow this.</param>
public sealed record PipelineKindInfo(PipelineKind Kind, string Section, string Route, string Noun, int Level, IReadOnlyList<string> Patchable,
    bool DeleteBeforeReplace = false)
{
    public static PipelineKindInfo SourceConnection { get; } = new(PipelineKind.SourceConnection, "sourceConnections", "sourceConnections",
        "source connection", 1, ["name", "description", "data", "params"]);

    public static PipelineKindInfo TargetConnection { get; } = new(PipelineKind.TargetConnection, "targetConnections", "targetConnections",
        "target connection", 1, ["name", "description", "data", "params"]);

    public static PipelineKindInfo Dataflow { get; } = new(PipelineKind.Dataflow, "dataflows", "flows",
        "dataflow", 2, ["name", "description", "scheduleParams", "transformations"], DeleteBeforeReplace: true);

    public static IReadOnlyList<PipelineKindInfo> All { get; } = [SourceConnection, TargetConnection, Dataflow];

    /// <summary>The level of a base connection: nothing it needs is a pipeline object, and every pipeline object
    /// needs one at least indirectly.</summary>
    public const int BaseConnectionLevel = 0;

    /// <summary>The Pulumi type of one object of this kind (<c>aep:flowservice:SourceConnection</c>, …): what a user
    /// imports an existing object as.</summary>
    public string PulumiType => $"aep:flowservice:{Kind}";

    public static PipelineKindInfo Of(PipelineKind kind) => kind switch
    {
        PipelineKind.SourceConnection => SourceConnection,
        PipelineKind.TargetConnection => TargetConnection,
        _ => Dataflow,
    };
}
