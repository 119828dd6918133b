using System.Text.Json.Nodes;

namespace Provisioner.Testing;

/// <summary>Create bodies for the data pipeline after a Mixpanel base connection — source connection, target
/// connection, flow — shaped like Adobe's Mixpanel tutorial (RestStorageToAEP flow spec, Data Lake target; reference
/// §4.4). Shared by the emulator's and the client's tests.</summary>
public static class PipelineBodies
{
    public const string MixpanelSpec = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";
    public const string DataLakeSpec = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
    public const string RestStorageToAep = "6499120c-0b15-42dc-936e-847ea3c24d72";
    public const string CloudStorageToAep = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";

    public static JsonObject Source(string name, string? baseConnectionId, string spec = MixpanelSpec) => new()
    {
        ["name"] = name,
        ["description"] = "Mixpanel source connection",
        ["baseConnectionId"] = baseConnectionId,
        ["connectionSpec"] = new JsonObject { ["id"] = spec, ["version"] = "1.0" },
        ["data"] = new JsonObject { ["format"] = "json" },
        ["params"] = new JsonObject { ["projectId"] = "2384945", ["timezone"] = "Pacific Standard Time" },
    };

    public static JsonObject Target(string name, string dataSetId = "5ef4551c52e054191a61a99f") => new()
    {
        ["name"] = name,
        ["connectionSpec"] = new JsonObject { ["id"] = DataLakeSpec, ["version"] = "1.0" },
        ["data"] = new JsonObject { ["format"] = "parquet_xdm" },
        ["params"] = new JsonObject { ["dataSetId"] = dataSetId },
    };

    public static JsonObject Flow(string name, string sourceId, string targetId, string flowSpec = RestStorageToAep) => new()
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
}
