namespace Provisioner.FlowService.Tests.Support;

/// <summary>Create bodies for the pipeline after the Mixpanel base connection, shaped like Adobe's Mixpanel tutorial
/// (RestStorageToAEP flow spec, Data Lake target; reference §4.4).</summary>
public static class PipelineSamples
{
    public const string DataLakeSpecId = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
    public const string RestStorageToAepFlowSpecId = "6499120c-0b15-42dc-936e-847ea3c24d72";

    public static JsonObject Source(string name, string baseConnectionId) => new()
    {
        ["name"] = name,
        ["description"] = "Mixpanel events",
        ["baseConnectionId"] = baseConnectionId,
        ["connectionSpec"] = new JsonObject { ["id"] = Samples.MixpanelSpecId, ["version"] = "1.0" },
        ["data"] = new JsonObject { ["format"] = "json" },
        ["params"] = new JsonObject { ["projectId"] = "2384945", ["timezone"] = "Pacific Standard Time" },
    };

    public static JsonObject Target(string name, string dataSetId = "5ef4551c52e054191a61a99f") => new()
    {
        ["name"] = name,
        ["connectionSpec"] = new JsonObject { ["id"] = DataLakeSpecId, ["version"] = "1.0" },
        ["data"] = new JsonObject { ["format"] = "parquet_xdm" },
        ["params"] = new JsonObject { ["dataSetId"] = dataSetId },
    };

    public static JsonObject Flow(string name, string sourceId, string targetId) => new()
    {
        ["name"] = name,
        ["flowSpec"] = new JsonObject { ["id"] = RestStorageToAepFlowSpecId, ["version"] = "1.0" },
        ["sourceConnectionIds"] = new JsonArray(sourceId),
        ["targetConnectionIds"] = new JsonArray(targetId),
        ["transformations"] = new JsonArray(new JsonObject
        {
            ["name"] = "Mapping",
            ["params"] = new JsonObject { ["mappingId"] = "bf5286a9c1ad4266baca76ba3adc9366", ["mappingVersion"] = "0" },
        }),
        ["scheduleParams"] = new JsonObject { ["startTime"] = "1625040887", ["frequency"] = "minute", ["interval"] = 15 },
    };
}
