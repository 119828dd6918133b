using Provisioner.Core.Pipeline;

namespace Provisioner.PulumiProvider.Resources.Pipeline;

/// <summary>
/// Property names of <c>aep:flowservice:SourceConnection</c>, <c>TargetConnection</c> and <c>Dataflow</c> (the
/// schema's names). Inputs are the OAS create request's own field names (<c>CreateSourceConnectionRequest</c>,
/// <c>CreateTargetConnectionRequest</c>, <c>CreateFlowRequest</c>), ids of other objects included, so the body Core
/// compares and sends is the inputs as they are; <c>enabled</c> is the one input that is not part of the body.
/// </summary>
public static class PipelineProperties
{
    public const string Name = "name";
    public const string Description = "description";
    public const string BaseConnectionId = "baseConnectionId";
    public const string ConnectionSpec = "connectionSpec";
    public const string FlowSpec = "flowSpec";
    public const string SpecId = "id";
    public const string SpecVersion = "version";
    public const string Data = "data";
    public const string Params = "params";
    public const string SourceConnectionIds = "sourceConnectionIds";
    public const string TargetConnectionIds = "targetConnectionIds";
    public const string ScheduleParams = "scheduleParams";
    public const string Transformations = "transformations";
    /// <summary>A dataflow's declared state (default true), applied with the service's enable/disable action.</summary>
    public const string Enabled = "enabled";

    public const string Etag = "etag";
    /// <summary>A dataflow's state as served: enabled, disabled, or a transitional state.</summary>
    public const string State = "state";
    /// <summary>A dataflow's newest run (read-only, from <c>GET /runs</c>).</summary>
    public const string LastRun = "lastRun";

    /// <summary>The keys of a <c>data</c> object (OAS <c>SourceConnectionDataDTO</c>/<c>TargetConnectionDataDTO</c>).</summary>
    public static readonly IReadOnlyList<string> DataKeys = ["format", "schema", "properties"];
    public static readonly IReadOnlyList<string> SpecKeys = [SpecId, SpecVersion];
    public static readonly IReadOnlyList<string> ScheduleKeys = ["startTime", "frequency", "interval", "backfill"];
    public static readonly IReadOnlyList<string> TransformationKeys = ["name", "params"];

    /// <summary>The inputs each kind takes, in the order messages list them.</summary>
    public static IReadOnlyList<string> Inputs(PipelineKind kind) => kind switch
    {
        PipelineKind.SourceConnection => [Name, Description, BaseConnectionId, ConnectionSpec, Data, Params],
        PipelineKind.TargetConnection => [Name, Description, ConnectionSpec, Data, Params],
        _ => [Name, Description, FlowSpec, SourceConnectionIds, TargetConnectionIds, ScheduleParams, Transformations, Enabled],
    };

    /// <summary>What the service adds to each kind's outputs.</summary>
    public static IReadOnlyList<string> ServerOutputs(PipelineKind kind) => kind == PipelineKind.Dataflow ? [Etag, State, LastRun] : [Etag];

    /// <summary>The kind of a type token, or null when it is not a pipeline resource.</summary>
    public static PipelineKind? KindOf(string type) => PipelineKindInfo.All.FirstOrDefault(k => k.PulumiType == type)?.Kind;

    /// <summary>"a SourceConnection", "a Dataflow": how messages name the resource.</summary>
    public static string ResourceNoun(PipelineKind kind) => $"a {kind}";
}
