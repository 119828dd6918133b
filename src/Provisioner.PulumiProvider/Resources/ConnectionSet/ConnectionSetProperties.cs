namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>Property names of <c>aep:flowservice:BaseConnectionSet</c> (the schema's names).</summary>
public static class ConnectionSetProperties
{
    public const string Type = "aep:flowservice:BaseConnectionSet";

    public const string Definitions = "definitions";
    public const string Secrets = "secrets";
    public const string RetainOnRemove = "retainOnRemove";
    public const string Parallelism = "parallelism";
    /// <summary>Opt-in: test the connections an update wrote (<c>GET /connections/{id}/test</c>); a rejected test fails the update.</summary>
    public const string TestAfterApply = "testAfterApply";

    public const string Connections = "connections";
    /// <summary>The reconciler's recorded state (RecordedStateJson), always secret-wrapped: it holds secret params.</summary>
    public const string State = "state";
    /// <summary>The pipeline objects' recorded state (RecordedPipelineJson; no secrets: credentials live on base connections).</summary>
    public const string PipelineState = "pipelineState";
    /// <summary>A dataflow entry's declared state, as last applied.</summary>
    public const string Enabled = "enabled";

    /// <summary>One output per pipeline section (<c>sourceConnections</c>, <c>targetConnections</c>, <c>dataflows</c>): key → id, etag, name.</summary>
    public static IReadOnlyList<string> PipelineSections { get; } = [.. Core.Pipeline.PipelineKindInfo.All.Select(k => k.Section)];

    public const string Id = "id";
    public const string Etag = "etag";
    public const string Name = "name";
    public const string ConnectionSpecId = "connectionSpecId";
    /// <summary><c>source</c> or <c>destination</c>, from the connection spec (absent while a preview cannot know it).</summary>
    public const string Kind = "kind";

    /// <summary>Locations in messages name the definitions text by its input property.</summary>
    public const string DefinitionsFile = "definitions";

    public const int DefaultParallelism = 8;
    public const int MaxParallelism = 64;

    public static readonly IReadOnlyList<string> Inputs = [Definitions, Secrets, RetainOnRemove, Parallelism, TestAfterApply];
}
