using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;
using EmulatorClientOptions = Provisioner.Testing.EmulatorClientOptions;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// Issue 13 item 5: SourceConnection, TargetConnection and Dataflow through the spawned plugin executable against the
/// emulator, in the engine's call order — a whole Mixpanel → dataset chain with each id passed on as the next
/// resource's input, as a Pulumi program wires them.
/// </summary>
public sealed class PipelineResourceTests : ConfiguredPluginTest
{
    private const string SourceType = "aep:flowservice:SourceConnection";
    private const string TargetType = "aep:flowservice:TargetConnection";
    private const string DataflowType = "aep:flowservice:Dataflow";
    private const string DataLakeSpec = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
    /// <summary>RestStorageToAEP: pairs Mixpanel sources with the Data Lake (the embedded flow spec catalog).</summary>
    private const string RestStorageFlowSpec = "6499120c-0b15-42dc-936e-847ea3c24d72";
    private const string CloudStorageFlowSpec = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";

    private FakeEngine _engine = null!;

    protected override async Task<(ResourceProvider.ResourceProviderClient Client, IAsyncDisposable Lifetime)> StartPluginAsync()
    {
        _engine = await FakeEngine.StartAsync();
        var plugin = await PluginProcess.StartAsync([_engine.Address]);
        return (plugin.Client, new Both(plugin, _engine));
    }

    private sealed class Both(IAsyncDisposable first, IAsyncDisposable second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private Driver Resource(string type, string name) => new(Client, name, type);

    private static Struct Source(string baseConnectionId, string? description = null)
    {
        var inputs = Struct(("name", S("Mixpanel events")), ("baseConnectionId", S(baseConnectionId)),
            ("connectionSpec", Obj(("id", S(Driver.MixpanelSpec)))),
            ("data", Obj(("format", S("json")))),
            ("params", Obj(("projectId", S("2384945")), ("timezone", S("Europe/London")))));
        if (description is not null)
        {
            inputs.Fields["description"] = S(description);
        }
        return inputs;
    }

    private static Struct Target() => Struct(("name", S("Mixpanel events dataset")),
        ("connectionSpec", Obj(("id", S(DataLakeSpec)), ("version", S("1.0")))),
        ("data", Obj(("format", S("parquet_xdm")))),
        ("params", Obj(("dataSetId", S("5f1ef9ffb7d8a4194bf4ee2b")))));

    private static Struct Flow(Value sourceId, Value targetId, string flowSpec = RestStorageFlowSpec, string? description = null, bool? enabled = null)
    {
        var inputs = Struct(("name", S("Mixpanel to dataset")), ("flowSpec", Obj(("id", S(flowSpec)), ("version", S("1.0")))),
            ("sourceConnectionIds", Value.ForList(sourceId)), ("targetConnectionIds", Value.ForList(targetId)),
            ("scheduleParams", Obj(("startTime", Value.ForNumber(1700000000)), ("frequency", S("minute")), ("interval", Value.ForNumber(15)))));
        if (description is not null)
        {
            inputs.Fields["description"] = S(description);
        }
        if (enabled is { } on)
        {
            inputs.Fields["enabled"] = Value.ForBool(on);
        }
        return inputs;
    }

    /// <summary>Check, then Create: the checked inputs and the created resource.</summary>
    private static async Task<(Struct Inputs, CreateResponse Created)> CreateAsync(Driver driver, Struct news)
    {
        var check = await driver.CheckAsync(news);
        Assert.Empty(check.Failures);
        return (check.Inputs, await driver.CreateAsync(check.Inputs, preview: false));
    }

    private sealed record Chain(string Canary, string BaseId, (Struct Inputs, CreateResponse Created) Source,
        (Struct Inputs, CreateResponse Created) Target, (Struct Inputs, CreateResponse Created) Flow);

    private async Task<Chain> CreateChainAsync(bool? enabled = null)
    {
        var canary = Canary.New();
        var (_, baseConnection) = await CreateAsync(Rpc, Driver.Mixpanel(canary));
        var source = await CreateAsync(Resource(SourceType, "events"), Source(baseConnection.Id));
        var target = await CreateAsync(Resource(TargetType, "dataset"), Target());
        var flow = await CreateAsync(Resource(DataflowType, "flow"), Flow(S(source.Created.Id), S(target.Created.Id), enabled: enabled));
        return new Chain(canary, baseConnection.Id, source, target, flow);
    }

    [Fact]
    public async Task A_chain_base_source_target_dataflow_is_created_with_ids_as_inputs_and_a_second_diff_changes_nothing()
    {
        var chain = await CreateChainAsync();

        var source = Service.GetStoredResources("sourceConnections").Single();
        Assert.Equal(chain.Source.Created.Id, source.Id);
        Assert.Equal(chain.BaseId, source.Text("baseConnectionId"));
        Assert.Equal("5f1ef9ffb7d8a4194bf4ee2b", Service.GetStoredResources("targetConnections").Single().Text("params.dataSetId"));
        var flow = Service.GetStoredResources("flows").Single();
        Assert.Equal([chain.Source.Created.Id], flow.Texts("sourceConnectionIds"));
        Assert.Equal([chain.Target.Created.Id], flow.Texts("targetConnectionIds"));
        // The schedule as ScheduleSpecDTO types it: interval a string.
        Assert.Equal("15", flow.Text("scheduleParams.interval"));

        var outputs = chain.Flow.Created.Properties;
        Assert.StartsWith("\"", outputs.Fields["etag"].StringValue, StringComparison.Ordinal);
        Assert.Equal("enabled", outputs.Fields["state"].StringValue);
        // lastRun: the newest run the service lists for the flow (the emulator starts one when a flow is created).
        var newestRun = Service.GetStoredResources("runs").LastOrDefault(r => r.Text("flowId") == flow.Id);
        Assert.Equal(newestRun?.Id, At(outputs, "lastRun.id")?.StringValue);
        Assert.True(At(chain.Flow.Inputs, "enabled")!.BoolValue); // defaulted by Check

        // The next `up` of the same program: Check(olds) → Diff → nothing, for each resource, and nothing written.
        Service.Journal.Clear();
        foreach (var (driver, news, created) in new[]
        {
            (Resource(SourceType, "events"), Source(chain.BaseId), chain.Source),
            (Resource(TargetType, "dataset"), Target(), chain.Target),
            (Resource(DataflowType, "flow"), Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id)), chain.Flow),
        })
        {
            var recheck = await driver.CheckAsync(news, olds: created.Inputs);
            var diff = await driver.DiffAsync(created.Created.Id, created.Created.Properties, created.Inputs, recheck.Inputs);
            Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
        }
        Assert.Empty(Service.Journal.Writes);
        // Pipeline objects carry no secret, and the base connection's canary never reaches them.
        foreach (var created in new[] { chain.Source, chain.Target, chain.Flow })
        {
            Assert.DoesNotContain(chain.Canary, Driver.PlainPart(created.Created.Properties), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(_engine.Logs, l => l.Message.Contains(chain.Canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_description_change_is_one_PATCH_with_If_Match_and_a_flow_spec_change_is_a_replacement()
    {
        var chain = await CreateChainAsync();
        var sourceDriver = Resource(SourceType, "events");
        var (inputs, created) = chain.Source;

        var changed = await sourceDriver.CheckAsync(Source(chain.BaseId, description: "exported events"), olds: inputs);
        var diff = await sourceDriver.DiffAsync(created.Id, created.Properties, inputs, changed.Inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.Empty(diff.Replaces);
        Assert.Equal(PropertyDiff.Types.Kind.Add, diff.DetailedDiff["description"].Kind);

        Service.Journal.Clear();
        var updated = await sourceDriver.UpdateAsync(created.Id, created.Properties, inputs, changed.Inputs, preview: false);
        var patch = Assert.Single(Service.Journal.Writes);
        Assert.Equal("PATCH", patch.Method);
        Assert.EndsWith("/sourceConnections/" + created.Id, patch.Path, StringComparison.Ordinal);
        Assert.Equal("exported events", Service.GetStoredResources("sourceConnections").Single().Text("description"));
        Assert.NotEqual(created.Properties.Fields["etag"].StringValue, updated.Properties.Fields["etag"].StringValue);

        // A PATCH cannot re-point a source connection or change a flow's spec: replacements, shown per property.
        var repointed = await sourceDriver.CheckAsync(Source("another-base-connection-id"), olds: inputs);
        var sourceReplace = await sourceDriver.DiffAsync(created.Id, created.Properties, inputs, repointed.Inputs);
        Assert.Equal(["baseConnectionId"], sourceReplace.Replaces);
        Assert.Equal(PropertyDiff.Types.Kind.UpdateReplace, sourceReplace.DetailedDiff["baseConnectionId"].Kind);
        Assert.False(sourceReplace.DeleteBeforeReplace); // the new source connection exists before its dependants move
        Assert.False(diff.DeleteBeforeReplace);

        var flowDriver = Resource(DataflowType, "flow");
        var otherSpec = await flowDriver.CheckAsync(Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id), CloudStorageFlowSpec), olds: chain.Flow.Inputs);
        var flowReplace = await flowDriver.DiffAsync(chain.Flow.Created.Id, chain.Flow.Created.Properties, chain.Flow.Inputs, otherSpec.Inputs);
        Assert.Equal(["flowSpec"], flowReplace.Replaces);
        Assert.Equal(PropertyDiff.Types.Kind.UpdateReplace, flowReplace.DetailedDiff["flowSpec.id"].Kind);
        Assert.True(flowReplace.DeleteBeforeReplace); // the old flow goes first: two flows would both write to the dataset
    }

    [Fact]
    public async Task Disabling_a_dataflow_is_the_disable_action_and_a_dataflow_declared_disabled_is_created_disabled()
    {
        var chain = await CreateChainAsync();
        var flowDriver = Resource(DataflowType, "flow");
        var (inputs, created) = chain.Flow;

        var disabled = await flowDriver.CheckAsync(Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id), enabled: false), olds: inputs);
        var diff = await flowDriver.DiffAsync(created.Id, created.Properties, inputs, disabled.Inputs);
        Assert.Empty(diff.Replaces);
        Assert.Equal(["enabled"], diff.Diffs);

        Service.Journal.Clear();
        var updated = await flowDriver.UpdateAsync(created.Id, created.Properties, inputs, disabled.Inputs, preview: false);
        var action = Assert.Single(Service.Journal.Writes);
        Assert.Equal("POST", action.Method);
        Assert.EndsWith($"/flows/{created.Id}/action", action.Path, StringComparison.Ordinal);
        Assert.Contains("op=disable", action.Query, StringComparison.Ordinal);
        Assert.Equal("disabled", updated.Properties.Fields["state"].StringValue);

        // The same again: the service already shows it disabled, so nothing is switched.
        Service.Journal.Clear();
        await flowDriver.UpdateAsync(created.Id, updated.Properties, disabled.Inputs, disabled.Inputs, preview: false);
        Assert.Empty(Service.Journal.Writes);

        var second = await CreateAsync(Resource(DataflowType, "second"), Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id), enabled: false));
        Assert.Equal("disabled", second.Created.Properties.Fields["state"].StringValue);
    }

    [Fact]
    public async Task Refresh_after_an_out_of_band_PATCH_reports_drift_and_lastRun_and_import_by_id_gives_inputs_that_diff_clean()
    {
        var chain = await CreateChainAsync();
        var flowDriver = Resource(DataflowType, "flow");
        var (inputs, created) = chain.Flow;
        var runId = await Service.AddRunAsync(created.Id);

        // Someone renames the flow in the UI.
        await using (var client = FlowServiceClientFactory.Create(EmulatorClientOptions.For(Service), NullLoggerFactory.Instance))
        {
            var live = await client.GetObjectAsync(PipelineRoute.Flows, created.Id);
            await client.UpdateObjectAsync(PipelineRoute.Flows, created.Id, live!.Etag, [JsonPatchOperation.Replace("/name", JsonValue.Create("Renamed in the UI"))]);
        }

        var refreshed = await flowDriver.RefreshAsync(created.Id, created.Properties, inputs);
        Assert.Equal("Renamed in the UI", refreshed.Inputs.Fields["name"].StringValue);
        Assert.Equal(runId, At(refreshed.Properties, "lastRun.id")!.StringValue);
        Assert.Equal("success", At(refreshed.Properties, "lastRun.status")!.StringValue);
        var recheck = await flowDriver.CheckAsync(Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id)), olds: refreshed.Inputs);
        var drift = await flowDriver.DiffAsync(created.Id, refreshed.Properties, refreshed.Inputs, recheck.Inputs);
        Assert.Equal(["name"], drift.Diffs);
        Assert.Empty(drift.Replaces);

        // `pulumi import aep:flowservice:Dataflow flow <id>`: the inputs come from the service, and the program that
        // declares the same flow diffs clean against them.
        var imported = await Resource(DataflowType, "imported").ImportAsync(created.Id);
        Assert.Equal(created.Id, imported.Id);
        Assert.Equal([chain.Source.Created.Id], imported.Inputs.Fields["sourceConnectionIds"].ListValue.Values.Select(v => v.StringValue));
        Assert.True(imported.Inputs.Fields["enabled"].BoolValue);
        var program = await flowDriver.CheckAsync(Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id)), olds: imported.Inputs);
        var afterImport = await flowDriver.DiffAsync(created.Id, imported.Properties, imported.Inputs, program.Inputs);
        Assert.Equal(["name"], afterImport.Diffs); // the UI's rename, which the program's next `up` undoes
    }

    [Fact]
    public async Task Refresh_keeps_a_secret_the_program_passed_inside_params_secret()
    {
        var (_, baseConnection) = await CreateAsync(Rpc, Driver.Mixpanel(Canary.New()));
        var driver = Resource(SourceType, "events");
        var news = Source(baseConnection.Id);
        // params: { projectId: config.requireSecret(...) }: only that member is secret, the rest of params is not.
        news.Fields["params"] = Obj(("projectId", Secret("2384945")), ("timezone", S("Europe/London")));
        var (inputs, created) = await CreateAsync(driver, news);
        Assert.True(IsSecret(At(inputs, "params")!.StructValue.Fields["projectId"]));

        var refreshed = await driver.RefreshAsync(created.Id, created.Properties, inputs);

        var parameters = At(refreshed.Inputs, "params")!.StructValue.Fields;
        Assert.True(IsSecret(parameters["projectId"]), "a secret input came back in clear after a refresh");
        Assert.False(IsSecret(parameters["timezone"]));
        Assert.True(IsSecret(At(refreshed.Properties, "params")!.StructValue.Fields["projectId"]));
        var recheck = await driver.CheckAsync(news, olds: refreshed.Inputs);
        Assert.Empty((await driver.DiffAsync(created.Id, refreshed.Properties, refreshed.Inputs, recheck.Inputs)).Diffs);
    }

    [Fact]
    public async Task A_replacements_create_does_not_warn_about_the_object_it_replaces_but_a_create_beside_others_names_them()
    {
        const string Beside = "dataflow(s) named 'Mixpanel to dataset' already exist";
        var chain = await CreateChainAsync();
        var otherSource = await CreateAsync(Resource(SourceType, "other-events"), Source(chain.BaseId));
        var flowDriver = Resource(DataflowType, "flow");
        var otherSpec = await flowDriver.CheckAsync(Flow(S(otherSource.Created.Id), S(chain.Target.Created.Id)), olds: chain.Flow.Inputs);
        Assert.Equal(["sourceConnectionIds"], (await flowDriver.DiffAsync(chain.Flow.Created.Id, chain.Flow.Created.Properties, chain.Flow.Inputs, otherSpec.Inputs)).Replaces);

        // The engine's replacement: Create(new) with the same name, then Delete(old). The old one is not "beside" it.
        var replacement = await flowDriver.CreateAsync(otherSpec.Inputs, preview: false);
        Assert.DoesNotContain(_engine.Logs, l => l.Message.Contains(Beside, StringComparison.Ordinal));

        // Another resource of the same name is created beside both, and the warning names them.
        await Resource(DataflowType, "another").CreateAsync(otherSpec.Inputs, preview: false);
        var warning = Assert.Single(_engine.Logs, l => l.Message.Contains(Beside, StringComparison.Ordinal));
        Assert.Contains(chain.Flow.Created.Id, warning.Message, StringComparison.Ordinal);
        Assert.Contains(replacement.Id, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_each_object_in_reverse_order_and_a_second_delete_of_a_gone_object_is_fine()
    {
        var chain = await CreateChainAsync();
        await Resource(DataflowType, "flow").DeleteAsync(chain.Flow.Created.Id, chain.Flow.Created.Properties, chain.Flow.Inputs);
        await Resource(SourceType, "events").DeleteAsync(chain.Source.Created.Id, chain.Source.Created.Properties, chain.Source.Inputs);
        await Resource(TargetType, "dataset").DeleteAsync(chain.Target.Created.Id, chain.Target.Created.Properties, chain.Target.Inputs);
        Assert.Empty(Service.GetStoredResources("flows"));
        Assert.Empty(Service.GetStoredResources("sourceConnections"));

        await Resource(DataflowType, "flow").DeleteAsync(chain.Flow.Created.Id, chain.Flow.Created.Properties, chain.Flow.Inputs);
        var gone = await Resource(DataflowType, "flow").RefreshAsync(chain.Flow.Created.Id, chain.Flow.Created.Properties, chain.Flow.Inputs);
        Assert.Equal("", gone.Id);
    }

    [Fact]
    public async Task During_a_preview_unknown_ids_diff_as_a_replacement_and_preview_create_and_update_call_nothing()
    {
        var chain = await CreateChainAsync();
        var flowDriver = Resource(DataflowType, "flow");
        var (inputs, created) = chain.Flow;
        Service.Journal.Clear();

        // The source connection is being replaced: its new id is unknown until it exists.
        var pending = await flowDriver.CheckAsync(Flow(UnknownValue, S(chain.Target.Created.Id)), olds: inputs);
        Assert.Empty(pending.Failures);
        var diff = await flowDriver.DiffAsync(created.Id, created.Properties, inputs, pending.Inputs);
        Assert.Equal(["sourceConnectionIds"], diff.Replaces);

        var listUnknown = Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id));
        listUnknown.Fields["sourceConnectionIds"] = UnknownValue;
        var wholeListUnknown = await flowDriver.CheckAsync(listUnknown, olds: inputs);
        Assert.Empty(wholeListUnknown.Failures);
        Assert.Equal(["sourceConnectionIds"], (await flowDriver.DiffAsync(created.Id, created.Properties, inputs, wholeListUnknown.Inputs)).Replaces);

        var preview = await Resource(DataflowType, "next").CreateAsync(pending.Inputs, preview: true);
        Assert.Equal(Unknown, preview.Properties.Fields["etag"].StringValue);
        var describedLater = await flowDriver.CheckAsync(Flow(S(chain.Source.Created.Id), S(chain.Target.Created.Id), description: "later"), olds: inputs);
        await flowDriver.UpdateAsync(created.Id, created.Properties, inputs, describedLater.Inputs, preview: true);
        Assert.Empty(Service.Journal.Entries);
    }

    [Fact]
    public async Task A_failure_after_the_create_committed_records_the_object_by_its_id()
    {
        var driver = Resource(TargetType, "dataset");
        var check = await driver.CheckAsync(Target());
        // The POST commits; reading the new object back then fails (400: not retried).
        Service.Faults.FailNext(1, 400, "GET", "/targetConnections/*");

        var error = await Assert.ThrowsAsync<RpcException>(() => driver.CreateAsync(check.Inputs, preview: false));

        var stored = Service.GetStoredResources("targetConnections").Single();
        var partial = Assert.Single(Driver.Details(error)).Unpack<ErrorResourceInitFailed>();
        Assert.Equal(stored.Id, partial.Id);
        Assert.Contains($"target connection {stored.Id} was created", error.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("\"", partial.Properties.Fields["etag"].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_found_by_name_not_posted_again()
    {
        var driver = Resource(SourceType, "events");
        var (_, baseConnection) = await CreateAsync(Rpc, Driver.Mixpanel(Canary.New()));
        var check = await driver.CheckAsync(Source(baseConnection.Id));
        Service.Faults.DropResponseAfterCommit(count: 1, method: "POST", path: "/sourceConnections");
        Service.Journal.Clear();

        var created = await driver.CreateAsync(check.Inputs, preview: false);

        Assert.Equal(Service.GetStoredResources("sourceConnections").Single().Id, created.Id);
        Assert.Single(Service.Journal.Matching("POST"), e => e.Path.EndsWith("/sourceConnections", StringComparison.Ordinal));
        Assert.Contains(_engine.Logs, l => l.Message.Contains("was found by name and recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_set_applies_a_file_with_a_pipeline_records_every_kind_and_previews_one_line_per_key_and_kind()
    {
        var set = new SetDriver(Client);
        var definitions = File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml"));
        var secrets = new Dictionary<string, string> { ["mixpanelPassword"] = "p" };
        var check = await set.CheckAsync(SetDriver.News(definitions, secrets));
        Assert.Empty(check.Failures);

        var created = await set.CreateAsync(check.Inputs);

        var flow = Service.GetStoredResources("flows").Single();
        var source = Service.GetStoredResources("sourceConnections").Single();
        Assert.Equal(Service.GetStoredConnections().Single().Id, source.Text("baseConnectionId"));
        Assert.Equal([source.Id], flow.Texts("sourceConnectionIds"));
        Assert.Equal(flow.Id, At(created.Properties, "dataflows.mixpanel-to-dataset.id")!.StringValue);
        Assert.Equal(source.Id, At(created.Properties, "sourceConnections.mixpanel-events.id")!.StringValue);
        Assert.True(At(created.Properties, "dataflows.mixpanel-to-dataset.enabled")!.BoolValue);

        // The same file again: no change, and nothing written.
        Service.Journal.Clear();
        var again = await set.CheckAsync(SetDriver.News(definitions, secrets));
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, (await set.DiffAsync(again.Inputs)).Changes);
        await set.UpdateAsync(again.Inputs);
        Assert.Empty(Service.Journal.Writes);

        // A changed dataflow and a new source connection: one preview line per key and kind, then an up that does it.
        var edited = definitions.Replace("description: Every 15 minutes", "description: Every quarter hour", StringComparison.Ordinal)
            .Replace("\ntargetConnections:\n", "\n  mixpanel-funnels:\n    name: Mixpanel funnels\n    baseConnection: mixpanel\n    data: { format: json }\n\ntargetConnections:\n", StringComparison.Ordinal);
        var changed = await set.CheckAsync(SetDriver.News(edited, secrets));
        Assert.Empty(changed.Failures);
        var diff = await set.DiffAsync(changed.Inputs);
        Assert.Equal(["dataflows[\"mixpanel-to-dataset\"]", "sourceConnections[\"mixpanel-funnels\"]"], diff.DetailedDiff.Keys.Order());
        Assert.Equal(PropertyDiff.Types.Kind.Update, diff.DetailedDiff["dataflows[\"mixpanel-to-dataset\"]"].Kind);
        Assert.Equal(PropertyDiff.Types.Kind.Add, diff.DetailedDiff["sourceConnections[\"mixpanel-funnels\"]"].Kind);
        await set.UpdateAsync(changed.Inputs);
        Assert.Equal("Every quarter hour, backfilling what Mixpanel already holds", Service.GetStoredResources("flows").Single().Text("description"));
        Assert.Equal(2, Service.GetStoredResources("sourceConnections").Count);

        // Destroy: everything the set recorded goes, dependants first.
        await set.DeleteAsync();
        Assert.Empty(Service.GetStoredResources("flows"));
        Assert.Empty(Service.GetStoredResources("sourceConnections"));
        Assert.Empty(Service.GetStoredResources("targetConnections"));
        Assert.Empty(Service.GetStoredConnections());
    }
}
