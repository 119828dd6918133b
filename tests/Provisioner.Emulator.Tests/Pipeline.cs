namespace Provisioner.Emulator.Tests;

/// <summary>Bodies and creates for the data pipeline — base connection → source connection → target connection →
/// flow — shaped like Adobe's Mixpanel tutorial (RestStorageToAEP flow spec, Data Lake target).</summary>
internal static class Pipeline
{
    public const string DataLakeSpec = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
    public const string RestStorageToAep = "6499120c-0b15-42dc-936e-847ea3c24d72";
    public const string CloudStorageToAep = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";

    public static JsonObject SourceBody(string name, string? baseConnectionId, string spec = EmulatorSession.MixpanelSpec) => new()
    {
        ["name"] = name,
        ["description"] = "Mixpanel source connection",
        ["baseConnectionId"] = baseConnectionId,
        ["connectionSpec"] = new JsonObject { ["id"] = spec, ["version"] = "1.0" },
        ["data"] = new JsonObject { ["format"] = "json" },
        ["params"] = new JsonObject { ["projectId"] = "2384945", ["timezone"] = "Pacific Standard Time" },
    };

    public static JsonObject TargetBody(string name, string dataSetId = "5ef4551c52e054191a61a99f") => new()
    {
        ["name"] = name,
        ["connectionSpec"] = new JsonObject { ["id"] = DataLakeSpec, ["version"] = "1.0" },
        ["data"] = new JsonObject { ["format"] = "parquet_xdm" },
        ["params"] = new JsonObject { ["dataSetId"] = dataSetId },
    };

    public static JsonObject FlowBody(string name, string sourceId, string targetId, string flowSpec = RestStorageToAep) => new()
    {
        ["name"] = name,
        ["flowSpec"] = new JsonObject { ["id"] = flowSpec, ["version"] = "1.0" },
        ["sourceConnectionIds"] = new JsonArray(sourceId),
        ["targetConnectionIds"] = new JsonArray(targetId),
        ["transformations"] = new JsonArray(new JsonObject
        {
            ["name"] = "Mapping",
            ["params"] = new JsonObject { ["mappingId"] = "bf5286a9c1ad4266baca76ba3adc9366", ["mappingVersion"] = "0" },
        }),
        // As Adobe's tutorial sends it: startTime a digit string, interval a number.
        ["scheduleParams"] = new JsonObject { ["startTime"] = "1625040887", ["frequency"] = "minute", ["interval"] = 15 },
    };

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
