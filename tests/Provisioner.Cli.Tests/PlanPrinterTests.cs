using Provisioner.Cli.Output;
using Provisioner.Core.Definitions;
using Provisioner.Core.Pipeline;
using Provisioner.Core.Reconciliation;
using Provisioner.Testing;

namespace Provisioner.Cli.Tests;

/// <summary>The plan as people and scripts read it when the file holds a pipeline: lines grouped by kind in the order
/// the waves run, replacement reasons, enable/disable steps, refusals as errors, one summary over every kind. Plans
/// are made by Core's own planners from the example pipeline file (infra/examples/pipeline.yaml).</summary>
public sealed class PlanPrinterTests
{
    private static readonly string Example = File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml"));
    private static readonly ReconcilerOptions Options = new();
    private const string OtherMixpanelSpecVersion = "2.0";

    [Fact]
    public async Task A_new_pipeline_prints_each_kind_under_its_section_in_wave_order_with_the_disable_step()
    {
        var desired = await LoadAsync(Example.Replace("enabled: true", "enabled: false", StringComparison.Ordinal));

        var text = Print(Plan(desired, RecordedState.Empty));

        Assert.Equal(
        [
            "connections:",
            "  + mixpanel                           create   'Mixpanel base connection'",
            "sourceConnections:",
            "  + sourceConnections.mixpanel-events  create   'Mixpanel events'",
            "targetConnections:",
            "  + targetConnections.events-dataset   create   'Mixpanel events dataset'",
            "dataflows:",
            "  + dataflows.mixpanel-to-dataset      create   'Mixpanel to dataset', then disable",
            "Plan: 4 to create, 0 to adopt, 0 to update, 0 to replace, 0 to delete, 0 to forget, 0 to enable, 1 to disable.",
        ], text);
    }

    [Fact]
    public async Task A_replaced_base_connection_shows_its_dependants_replaced_with_the_reason_and_the_untouched_target_not_at_all()
    {
        var desired = await LoadAsync(Example);
        var recorded = Applied(desired, baseSpecVersion: OtherMixpanelSpecVersion);

        var text = Print(Plan(desired, recorded));

        Assert.Equal(
        [
            "connections:",
            "  ± mixpanel                           replace  id-mixpanel: connectionSpec.version",
            "sourceConnections:",
            "  ± sourceConnections.mixpanel-events  replace  id-mixpanel-events: baseConnectionId (replaced because connections.mixpanel is replaced)",
            "dataflows:",
            "  ± dataflows.mixpanel-to-dataset      replace  id-mixpanel-to-dataset: sourceConnectionIds (replaced because sourceConnections.mixpanel-events is replaced)",
            "Plan: 0 to create, 0 to adopt, 0 to update, 3 to replace, 0 to delete, 0 to forget, 0 to enable, 0 to disable.",
        ], text);
    }

    [Fact]
    public async Task Removing_the_pipeline_lists_dataflows_first_because_deletes_run_from_the_top_level_down()
    {
        var desired = await LoadAsync(Example);
        var recorded = Applied(desired);
        var onlyTheBase = desired with { Pipeline = [] };

        var text = Print(Plan(onlyTheBase, recorded));

        Assert.Equal(
        [
            "dataflows:",
            "  - dataflows.mixpanel-to-dataset      delete   id-mixpanel-to-dataset",
            "sourceConnections:",
            "  - sourceConnections.mixpanel-events  delete   id-mixpanel-events",
            "targetConnections:",
            "  - targetConnections.events-dataset   delete   id-events-dataset",
            "Plan: 0 to create, 0 to adopt, 0 to update, 0 to replace, 3 to delete, 0 to forget, 0 to enable, 0 to disable.",
        ], text);
    }

    [Fact]
    public async Task An_unchanged_dataflow_declared_disabled_shows_the_switch_alone_and_no_changes_counts_every_kind()
    {
        var desired = await LoadAsync(Example);
        var recorded = Applied(desired);
        var disabled = await LoadAsync(Example.Replace("enabled: true", "enabled: false", StringComparison.Ordinal));

        var switched = Print(Plan(disabled, recorded));
        var same = Print(Plan(desired, recorded));

        Assert.Equal(
        [
            "dataflows:",
            "  ~ dataflows.mixpanel-to-dataset  disable  id-mixpanel-to-dataset",
            "Plan: 0 to create, 0 to adopt, 0 to update, 0 to replace, 0 to delete, 0 to forget, 0 to enable, 1 to disable.",
        ], switched);
        Assert.Equal(["No changes. 1 connection(s), 1 source connection(s), 1 target connection(s), 1 dataflow(s) up to date."], same);
    }

    [Fact]
    public async Task Refusals_are_error_lines_counted_in_the_summary_and_a_refused_base_delete_replaces_the_connection_plans_delete()
    {
        var desired = await LoadAsync(Example);
        var recorded = Applied(desired);
        var connections = Planner.PlanOffline(desired with { Entries = new Dictionary<string, DesiredEntry>() }, recorded, Options);
        var events = new ObjectRef(PipelineKind.SourceConnection, "mixpanel-events");
        var pipeline = new PipelinePlan(
        [
            new PipelineChange.Refused(ObjectRef.BaseConnection("mixpanel"), ConnectionAction.Delete,
                "connections.mixpanel is removed from the definitions but is still used by sourceConnections.mixpanel-events; it is not deleted"),
            new PipelineChange.Refused(events, ConnectionAction.Adopt, "2 source connections are named 'Mixpanel events'"),
        ], []);

        var text = Print(PlanView.Of(connections, pipeline));

        Assert.Equal(
        [
            "connections:",
            "  - mixpanel                           delete   error: connections.mixpanel is removed from the definitions but is still used by sourceConnections.mixpanel-events; it is not deleted",
            "sourceConnections:",
            "  & sourceConnections.mixpanel-events  adopt    error: 2 source connections are named 'Mixpanel events'",
            "Plan: 0 to create, 0 to adopt, 0 to update, 0 to replace, 0 to delete, 0 to forget, 0 to enable, 0 to disable; 2 error(s).",
        ], text);
    }

    [Fact]
    public async Task Plan_json_lists_every_object_in_the_printed_order_with_its_wave_steps_and_counts_all_kinds()
    {
        var desired = await LoadAsync(Example.Replace("enabled: true", "enabled: false", StringComparison.Ordinal));
        using var output = new StringWriter();

        PlanJsonPrinter.Print(Plan(desired, RecordedState.Empty), output);

        var json = JsonNode.Parse(output.ToString())!;
        Assert.True((bool)json["hasChanges"]!);
        Assert.Equal(4, (int)json["summary"]!["create"]!);
        Assert.Equal(1, (int)json["summary"]!["disable"]!);
        Assert.Equal(0, (int)json["summary"]!["errors"]!);
        var changes = json["changes"]!.AsArray();
        Assert.Equal(["connections.mixpanel", "sourceConnections.mixpanel-events", "targetConnections.events-dataset", "dataflows.mixpanel-to-dataset"],
            changes.Select(c => (string)c!["ref"]!));
        var flow = changes[3]!;
        Assert.Equal(("dataflows", "mixpanel-to-dataset", "create", "disable", "Mixpanel to dataset"),
            ((string)flow["section"]!, (string)flow["key"]!, (string)flow["action"]!, (string)flow["stateAction"]!, (string)flow["name"]!));
        Assert.Equal(
        [
            "write 0: connections.mixpanel create",
            "write 1: sourceConnections.mixpanel-events create, targetConnections.events-dataset create",
            "write 2: dataflows.mixpanel-to-dataset create", // created disabled: the switch (stateAction) is inside the create step
        ], json["waves"]!.AsArray().Select(w => $"{w!["phase"]} {w["level"]}: "
            + string.Join(", ", w["steps"]!.AsArray().Select(s => $"{s!["ref"]} {s["step"]}"))));
    }

    private static async Task<DesiredConnectionSet> LoadAsync(string text)
    {
        var result = await DefinitionsResolver.LoadAsync(text, "pipeline.yaml", SourceCatalog.Offline,
            new DictionarySecretSource(new Dictionary<string, string> { ["mixpanelPassword"] = "not-printed-3f1a" }));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Desired!;
    }

    /// <summary>Everything of <paramref name="desired"/> recorded as applied (id <c>id-KEY</c>); the base connections
    /// with another connection spec version when <paramref name="baseSpecVersion"/> is given.</summary>
    private static RecordedState Applied(DesiredConnectionSet desired, string? baseSpecVersion = null) =>
        RecordedState.From(desired.Entries.Select(e => KeyValuePair.Create(e.Key, new RecordedConnection("id-" + e.Key, $"\"etag-{e.Key}\"",
            baseSpecVersion is null ? e.Value.Connection : e.Value.Connection with { ConnectionSpec = e.Value.Connection.ConnectionSpec with { Version = baseSpecVersion } },
            e.Value.SecretParams))))
        with
        {
            Pipeline = RecordedState.PipelineFrom(desired.Pipeline.Select(d => new RecordedPipelineObject(d.Kind, d.Key, "id-" + d.Key, $"\"etag-{d.Key}\"", d))),
        };

    private static PlanView Plan(DesiredConnectionSet desired, RecordedState recorded)
    {
        var connections = Planner.PlanOffline(desired, recorded, Options);
        return PlanView.Of(connections, PipelinePlanner.PlanOffline(desired.Pipeline, recorded.Pipeline.Values.ToArray(), connections, Options));
    }

    private static string[] Print(PlanView view)
    {
        using var output = new StringWriter();
        PlanPrinter.Print(view, output);
        return output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
    }
}
