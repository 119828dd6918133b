using System.Text;
using Google.Protobuf.WellKnownTypes;
using static Provisioner.Testing.Plugin.Values;

namespace Provisioner.CrossHost.Tests.Model;

/// <summary>
/// The pipeline of the model (issue 13): a source connection reading through base connection <see cref="BaseKey"/>,
/// a Data Lake target connection, and a dataflow joining them with the flow spec that pairs the base connection's
/// source with the Data Lake — so moving the base connection to another source replaces the source connection and
/// the dataflow (a propagated replacement), and changes the flow spec. Keys are fixed: one pipeline at a time.
/// </summary>
public sealed record ModelPipeline(
    string BaseKey,
    string SourceName, string? SourceDescription, string SourceParam,
    string TargetName, string? TargetDescription, string DataSetId,
    string FlowName, string? FlowDescription, int Interval, bool Enabled)
{
    public const string SourceKey = "events";
    public const string TargetKey = "dataset";
    public const string FlowKey = "flow";

    /// <summary>The Data Lake target connection spec (the only target the catalog's flow specs take).</summary>
    public const string DataLakeSpec = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";

    /// <summary>The flow spec pairing <paramref name="source"/>'s connection spec with the Data Lake (flow-specs.yaml).</summary>
    public static (string Name, string Id) FlowSpecFor(Profile source) => source.Alias switch
    {
        "mixpanel" => ("RestStorageToAEP", "6499120c-0b15-42dc-936e-847ea3c24d72"),
        "sftp" => ("CloudStorageToAEP", "9753525b-82c7-4dce-8a9b-5ccfce2b9876"),
        "salesforce" => ("CRMToAEP", "14518937-270c-4525-bdec-c2ba7cce3860"),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source.Alias, "no flow spec of the model takes this source"),
    };

    /// <summary>The pipeline sections of a definitions file.</summary>
    public string Yaml(Profile baseProfile)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"sourceConnections:\n  {SourceKey}:\n    name: {Json(SourceName)}\n");
        Description(yaml, SourceDescription);
        yaml.Append(CultureInfo.InvariantCulture, $"    baseConnection: {BaseKey}\n    data: {{ format: json }}\n    params: {{ path: {Json(SourceParam)} }}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"targetConnections:\n  {TargetKey}:\n    name: {Json(TargetName)}\n");
        Description(yaml, TargetDescription);
        yaml.Append(CultureInfo.InvariantCulture, $"    data: {{ format: parquet_xdm }}\n    params: {{ dataSetId: {Json(DataSetId)} }}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"dataflows:\n  {FlowKey}:\n    name: {Json(FlowName)}\n");
        Description(yaml, FlowDescription);
        yaml.Append(CultureInfo.InvariantCulture, $"    flowSpec: {FlowSpecFor(baseProfile).Name}\n    source: {SourceKey}\n    target: {TargetKey}\n");
        yaml.Append(CultureInfo.InvariantCulture, $"    schedule: {{ startTime: 1700000000, frequency: minute, interval: {Interval} }}\n    enabled: {(Enabled ? "true" : "false")}\n");
        return yaml.ToString();

        static void Description(StringBuilder yaml, string? description)
        {
            if (description is not null)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    description: {Json(description)}\n");
            }
        }
    }

    /// <summary>The aep:flowservice:SourceConnection inputs, on the base connection's recorded id.</summary>
    public Struct SourceInputs(Profile baseProfile, string baseConnectionId) => WithDescription(Values.Struct(
        ("name", S(SourceName)),
        ("baseConnectionId", S(baseConnectionId)),
        ("connectionSpec", Obj(("id", S(baseProfile.SpecId)))),
        ("data", Obj(("format", S("json")))),
        ("params", Obj(("path", S(SourceParam))))), SourceDescription);

    public Struct TargetInputs() => WithDescription(Values.Struct(
        ("name", S(TargetName)),
        ("connectionSpec", Obj(("id", S(DataLakeSpec)))),
        ("data", Obj(("format", S("parquet_xdm")))),
        ("params", Obj(("dataSetId", S(DataSetId))))), TargetDescription);

    public Struct FlowInputs(Profile baseProfile, string sourceId, string targetId) => WithDescription(Values.Struct(
        ("name", S(FlowName)),
        ("flowSpec", Obj(("id", S(FlowSpecFor(baseProfile).Id)))),
        ("sourceConnectionIds", Value.ForList(S(sourceId))),
        ("targetConnectionIds", Value.ForList(S(targetId))),
        ("scheduleParams", Obj(("startTime", Value.ForNumber(1700000000)), ("frequency", S("minute")), ("interval", Value.ForNumber(Interval)))),
        ("enabled", Value.ForBool(Enabled))), FlowDescription);

    private static Struct WithDescription(Struct inputs, string? description)
    {
        if (description is not null)
        {
            inputs.Fields["description"] = S(description);
        }
        return inputs;
    }

    private static string Json(string text) => ModelConnection.Json(text);

    public override string ToString() =>
        $"pipeline on {BaseKey}: {SourceKey} '{SourceName}'{Show(SourceDescription)} path={SourceParam}; {TargetKey} '{TargetName}'{Show(TargetDescription)} dataSetId={DataSetId}; "
        + $"{FlowKey} '{FlowName}'{Show(FlowDescription)} every {Interval} min, {(Enabled ? "enabled" : "disabled")}";

    private static string Show(string? description) => description is null ? "" : $" ({description})";
}
