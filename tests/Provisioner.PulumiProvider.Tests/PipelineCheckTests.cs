using Provisioner.Core.Definitions;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// Check of SourceConnection, TargetConnection and Dataflow: offline (before any Configure), failures located by
/// property, and for every rule a definitions file has too, the very words the definitions use — the same mistake in
/// infra/examples/pipeline.yaml is resolved by Core and its message compared with the plugin's.
/// </summary>
public sealed class PipelineCheckTests : ConfiguredPluginTest
{
    private const string ExampleFlow = "dataflows.mixpanel-to-dataset";
    private const string ExampleTarget = "targetConnections.events-dataset";

    protected override bool ConfigureOnStart => false;

    private Driver Dataflow => new(Client, "flow", "aep:flowservice:Dataflow");

    private Driver Target => new(Client, "dataset", "aep:flowservice:TargetConnection");

    private static Struct Flow(params (string Key, Value Value)[] schedule) => Struct(("name", S("Mixpanel to dataset")),
        ("flowSpec", Obj(("id", S("6499120c-0b15-42dc-936e-847ea3c24d72")))),
        ("sourceConnectionIds", Value.ForList(S("source-id"))), ("targetConnectionIds", Value.ForList(S("target-id"))),
        ("scheduleParams", Obj(schedule)));

    public static TheoryData<string, string, string, string> ScheduleMistakes => new()
    {
        // YAML find → replace, then the plugin's scheduleParams as JSON-ish "key=value" pairs, and the property.
        { "interval: 15", "interval: 5", "startTime=1700000000;frequency=minute;interval=5;backfill=true", "interval" },
        { "frequency: minute", "frequency: fortnight", "startTime=1700000000;frequency=fortnight;interval=15;backfill=true", "frequency" },
        { "startTime: 1700000000", "startTime: soon", "startTime=soon;frequency=minute;interval=15;backfill=true", "startTime" },
        { "frequency: minute", "frequency: once", "startTime=1700000000;frequency=once;interval=15;backfill=true", "interval" },
        { "interval: 15", "interval: 0", "startTime=1700000000;frequency=minute;interval=0;backfill=true", "interval" },
    };

    [Theory]
    [MemberData(nameof(ScheduleMistakes))]
    public async Task A_schedule_mistake_is_a_failure_at_its_property_in_the_definitions_words(string find, string replace, string plugin, string field)
    {
        var schedule = plugin.Split(';').Select(p => p.Split('=')).Select(p => (p[0],
            long.TryParse(p[1], out var n) ? Value.ForNumber(n) : p[1] is "true" ? Value.ForBool(true) : S(p[1]))).ToArray();

        var check = await Dataflow.CheckAsync(Flow(schedule));

        var failure = Assert.Single(check.Failures, f => f.Property == "scheduleParams." + field);
        Assert.Equal(await DefinitionsMessageAsync(find, replace, $"{ExampleFlow}.schedule.{field}"), failure.Reason);
    }

    [Fact]
    public async Task A_Data_Lake_target_without_a_dataset_id_is_refused_at_params_dataSetId_in_the_definitions_words()
    {
        var news = Struct(("name", S("Mixpanel events dataset")),
            ("connectionSpec", Obj(("id", S("c604ff05-7f1a-43c0-8e18-33bf874cb11c")))),
            ("data", Obj(("format", S("parquet_xdm")))),
            ("params", Obj(("tableName", S("events")))));

        var check = await Target.CheckAsync(news);

        var failure = Assert.Single(check.Failures);
        Assert.Equal("params.dataSetId", failure.Property);
        Assert.Equal(await DefinitionsMessageAsync("dataSetId: 5f1ef9ffb7d8a4194bf4ee2b", "tableName: events", $"{ExampleTarget}.params.dataSetId"), failure.Reason);
        Assert.Contains("the id of the dataset the data lands in", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Structural_mistakes_are_located_and_defaults_are_applied()
    {
        var news = Struct(("name", S("flow")), ("colour", S("blue")),
            ("flowSpec", Obj(("id", S("RestStorageToAEP")))),
            ("sourceConnectionIds", Value.ForList()),
            ("targetConnectionIds", S("target-id")),
            ("transformations", Value.ForList(Obj(("name", S("Mapping"))))),
            ("enabled", S("yes")));

        var byPath = (await Dataflow.CheckAsync(news)).Failures.ToDictionary(f => f.Property, f => f.Reason);

        Assert.Equal(["colour", "enabled", "flowSpec.id", "sourceConnectionIds", "targetConnectionIds", "transformations[0].params"], byPath.Keys.Order());
        Assert.StartsWith("unknown property 'colour'; a Dataflow takes name, description, flowSpec,", byPath["colour"], StringComparison.Ordinal);
        Assert.Contains("UUID", byPath["flowSpec.id"], StringComparison.Ordinal);
        Assert.Equal("sourceConnectionIds must name at least one source connection", byPath["sourceConnectionIds"]);
        Assert.Equal("targetConnectionIds must be a list of target connection ids, not a string", byPath["targetConnectionIds"]);

        var good = await Dataflow.CheckAsync(Flow(("startTime", S("1700000000")), ("frequency", S("hour")), ("interval", S("1"))));
        Assert.Empty(good.Failures);
        Assert.True(At(good.Inputs, "enabled")!.BoolValue);
        Assert.Equal("1.0", At(good.Inputs, "flowSpec.version")!.StringValue);

        var missing = await new Driver(Client, "events", "aep:flowservice:SourceConnection").CheckAsync(new Struct());
        Assert.Equal(["baseConnectionId", "connectionSpec", "name"], missing.Failures.Select(f => f.Property).Order());
    }

    [Fact]
    public async Task Unknown_ids_and_unknown_params_pass_Check()
    {
        var news = Flow(("startTime", UnknownValue), ("frequency", S("minute")), ("interval", Value.ForNumber(15)));
        news.Fields["sourceConnectionIds"] = Value.ForList(UnknownValue);
        news.Fields["targetConnectionIds"] = UnknownValue;
        Assert.Empty((await Dataflow.CheckAsync(news)).Failures);

        var target = Struct(("name", S("dataset")), ("connectionSpec", Obj(("id", S("c604ff05-7f1a-43c0-8e18-33bf874cb11c")))), ("params", UnknownValue));
        Assert.Empty((await Target.CheckAsync(target)).Failures);
    }

    /// <summary>The message Core gives for the same mistake in the example pipeline file, at <paramref name="path"/>.</summary>
    private static async Task<string> DefinitionsMessageAsync(string find, string replace, string path)
    {
        var text = File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        var resolved = await DefinitionsResolver.LoadAsync(text.Replace(find, replace, StringComparison.Ordinal), "pipeline.yaml", SourceCatalog.Offline,
            new DictionarySecretSource(new Dictionary<string, string> { ["mixpanelPassword"] = "p" }), ResolveOptions.Offline());
        return Assert.Single(resolved.Errors, e => e.Location.Path == path).Message;
    }
}
