namespace Provisioner.FlowService.Http;

/// <summary>One REST collection of the Flow Service: its path under the service base and the noun that errors use
/// ("the source connection may have been created anyway").</summary>
internal sealed record FlowCollection(string Path, string Noun)
{
    public static FlowCollection Connections { get; } = new("connections", "connection");
    public static FlowCollection SourceConnections { get; } = new("sourceConnections", "source connection");
    public static FlowCollection TargetConnections { get; } = new("targetConnections", "target connection");
    public static FlowCollection Flows { get; } = new("flows", "dataflow");
    public static FlowCollection FlowSpecs { get; } = new("flowSpecs", "flow spec");
    public static FlowCollection Runs { get; } = new("runs", "run");
    public static FlowCollection ConnectionSpecs { get; } = new("connectionSpecs", "connection spec");

    public static FlowCollection Of(PipelineRoute route) => route switch
    {
        PipelineRoute.SourceConnections => SourceConnections,
        PipelineRoute.TargetConnections => TargetConnections,
        PipelineRoute.Flows => Flows,
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, "Not a pipeline collection."),
    };
}
