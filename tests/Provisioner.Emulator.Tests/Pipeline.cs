namespace Provisioner.Emulator.Tests;

/// <summary>Bodies (<see cref="PipelineBodies"/>) and creates for the data pipeline — base connection → source connection → target connection →
/// flow — shaped like Adobe's Mixpanel tutorial (RestStorageToAEP flow spec, Data Lake target).</summary>
internal static class Pipeline
{
    public const string DataLakeSpec = PipelineBodies.DataLakeSpec;
    public const string RestStorageToAep = PipelineBodies.RestStorageToAep;
    public const string CloudStorageToAep = PipelineBodies.CloudStorageToAep;

    public static JsonObject SourceBody(string name, string? baseConnectionId, string spec = EmulatorSession.MixpanelSpec) =>
        PipelineBodies.Source(name, baseConnectionId, spec);

    public static JsonObject TargetBody(string name, string dataSetId = "5ef4551c52e054191a61a99f") => PipelineBodies.Target(name, dataSetId);

    public static JsonObject FlowBody(string name, string sourceId, string targetId, string flowSpec = RestStorageToAep) =>
        PipelineBodies.Flow(name, sourceId, targetId, flowSpec);

    public static async Task<(string Id, string Etag)> CreateAsync(this EmulatorSession session, string collection, JsonObject body)
    {
        var (status, json, _) = await session.SendAsync(HttpMethod.Post, "/" + collection, body);
        Assert.True(status == 201, $"create on /{collection} failed: {status} {json}");
        return ((string)json!["id"]!, (string)json["etag"]!);
    }

    public static async Task<JsonObject> GetAsync(this EmulatorSession session, string collection, string id)
    {
        var (status, json, _) = await session.SendAsync(HttpMethod.Get, $"/{collection}/{id}");
        Assert.True(status == 200, $"GET /{collection}/{id} failed: {status} {json}");
        return (JsonObject)json!["items"]!.AsArray().Single()!;
    }

    /// <summary>A whole pipeline; returns the ids.</summary>
    public static async Task<Ids> CreatePipelineAsync(this EmulatorSession session, string name = "mixpanel")
    {
        var (baseId, _) = await session.CreateMixpanelAsync(name + " base");
        var (sourceId, _) = await session.CreateAsync("sourceConnections", SourceBody(name + " source", baseId));
        var (targetId, _) = await session.CreateAsync("targetConnections", TargetBody(name + " target"));
        var (flowId, flowEtag) = await session.CreateAsync("flows", FlowBody(name + " flow", sourceId, targetId));
        return new Ids(baseId, sourceId, targetId, flowId, flowEtag);
    }

    public sealed record Ids(string Base, string Source, string Target, string Flow, string FlowEtag);
}
