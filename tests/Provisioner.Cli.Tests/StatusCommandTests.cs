using Provisioner.FlowService;
using Provisioner.FlowService.Models;
using Provisioner.Testing;

namespace Provisioner.Cli.Tests;

/// <summary><c>aep-provision status</c> (and the pipeline in <c>plan</c>/<c>outputs</c>) with the example pipeline
/// (infra/examples/pipeline.yaml) applied on the emulator: every recorded object, each dataflow's state and last run
/// as the service shows them, gone objects said so, failures of the service as exit 1.</summary>
public sealed class StatusCommandTests
{
    private const string Canary = "canary-status-8d2e";
    private const string File = "pipeline.yaml";
    private const string Flow = "dataflows.mixpanel-to-dataset";

    private static readonly string Example = System.IO.File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml"));

    private static CliWorkspace WithPipeline(CliWorkspace workspace)
    {
        workspace.Write(File, Example);
        return workspace.WithSecret("mixpanelPassword", Canary);
    }

    [Fact]
    public async Task Local_status_after_apply_shows_every_object_and_the_dataflow_enabled_with_its_first_run()
    {
        using var workspace = WithPipeline(new CliWorkspace());

        var applied = await workspace.RunAsync("apply", "--local", "--file", File);
        var table = await workspace.RunAsync("status", "--local");
        var json = await workspace.RunAsync("status", "--local", "--json");
        var outputs = await workspace.RunAsync("outputs", "--local", "--json");
        var plan = await workspace.RunAsync("plan", "--local", "--file", File, "--json");

        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"dataflows\.mixpanel-to-dataset\s+dataflow\s+[0-9a-f-]{36}\s+""[^""]+""\s+enabled; last run success, started \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, completed \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, 0 read, 0 written, 0 failed",
            table.Out);
        Assert.Matches(@"sourceConnections\.mixpanel-events\s+sourceConnection\s+[0-9a-f-]{36}\s+""[^""]+""\s+exists", table.Out);
        Assert.Contains("4 object(s): 4 exist, 0 gone.", table.Out, StringComparison.Ordinal);

        var status = JsonNode.Parse(json.Out)!.AsObject();
        Assert.Equal(["mixpanel", "sourceConnections.mixpanel-events", "targetConnections.events-dataset", Flow], status.Select(p => p.Key));
        Assert.All(status, p => Assert.True((bool)p.Value!["exists"]!));
        var flow = status[Flow]!;
        Assert.Equal(("dataflow", "enabled", "success"), ((string)flow["kind"]!, (string)flow["state"]!, (string)flow["lastRun"]!["status"]!));
        Assert.Equal(0, (long)flow["lastRun"]!["recordsRead"]!);
        Assert.Null(status["mixpanel"]!["state"]); // only dataflows have a state and runs

        var recorded = JsonNode.Parse(outputs.Out)!.AsObject();
        Assert.Equal(status.Select(p => (p.Key, (string)p.Value!["id"]!, (string)p.Value["etag"]!)),
            recorded.Select(p => (p.Key, (string)p.Value!["id"]!, (string)p.Value["etag"]!)));
        Assert.Equal("dataflow", (string)recorded[Flow]!["kind"]!);

        Assert.True(plan.ExitCode == 0, plan.Error);
        Assert.False((bool)JsonNode.Parse(plan.Out)!["hasChanges"]!);
        Assert.DoesNotContain(Canary, applied.Out + applied.Error + table.Out + json.Out + outputs.Out + plan.Out + plan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataflow_declared_disabled_is_switched_off_by_apply_and_status_shows_it_disabled()
    {
        using var workspace = new CliWorkspace().WithSecret("mixpanelPassword", Canary);
        workspace.Write(File, Example.Replace("enabled: true", "enabled: false", StringComparison.Ordinal));

        var applied = await workspace.RunAsync("apply", "--local", "--file", File);
        var status = await workspace.RunAsync("status", "--local", "--json");
        var again = await workspace.RunAsync("plan", "--local", "--file", File);

        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Contains("  + dataflows.mixpanel-to-dataset      create   'Mixpanel to dataset', then disable", applied.Out, StringComparison.Ordinal);
        Assert.Contains("[4/4] created and disabled dataflows.mixpanel-to-dataset", applied.Error, StringComparison.Ordinal);
        Assert.Equal("disabled", (string)JsonNode.Parse(status.Out)![Flow]!["state"]!);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("No changes. 1 connection(s), 1 source connection(s), 1 target connection(s), 1 dataflow(s) up to date.", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_and_a_dataflow_deleted_outside_the_tool_are_reported_and_status_still_exits_0()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = WithPipeline(CliWorkspace.ForStack(emulator));
        Assert.Equal(0, (await workspace.RunAsync("apply", "--stack", "dev", "--file", File)).ExitCode);
        var ids = JsonNode.Parse((await workspace.RunAsync("outputs", "--stack", "dev", "--json")).Out)!;
        var flowId = (string)ids[Flow]!["id"]!;

        await emulator.AddRunAsync(flowId, succeeded: false);
        var failedRun = await workspace.RunAsync("status", "--stack", "dev", "--json");
        await using (var outside = FlowServiceClientFactory.Create(EmulatorClientOptions.For(emulator, sandbox: "dev")))
        {
            Assert.True(await outside.DeleteObjectAsync(PipelineRoute.Flows, flowId));
        }
        emulator.Journal.Clear();
        var gone = await workspace.RunAsync("status", "--stack", "dev");

        Assert.Equal(0, failedRun.ExitCode);
        Assert.Equal("failed", (string)JsonNode.Parse(failedRun.Out)![Flow]!["lastRun"]!["status"]!);
        Assert.Equal(0, gone.ExitCode);
        Assert.Matches(@"dataflows\.mixpanel-to-dataset\s+dataflow\s+\S+\s+\S+\s+gone: deleted outside this tool", gone.Out);
        Assert.Contains("4 object(s): 3 exist, 1 gone.", gone.Out, StringComparison.Ordinal);
        Assert.Empty(emulator.Journal.Writes); // status only reads

        var refreshed = await workspace.RunAsync("refresh", "--stack", "dev");
        Assert.Equal(0, refreshed.ExitCode);
        Assert.Contains("  - dataflows.mixpanel-to-dataset: deleted outside this tool", refreshed.Out, StringComparison.Ordinal);
        Assert.Contains("Refreshed 1 connection(s), 1 source connection(s), 1 target connection(s), 1 dataflow(s): 1 gone, 0 drifted.",
            refreshed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_failure_exits_1_with_the_services_error_and_refused_credentials_with_the_usual_advice()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = WithPipeline(CliWorkspace.ForStack(emulator));
        Assert.Equal(0, (await workspace.RunAsync("apply", "--stack", "dev", "--file", File)).ExitCode);

        emulator.Faults.FailNext(1, 501, method: "GET", path: "/runs"); // 501: not retried, so the run fails at once
        var outage = await workspace.RunAsync("status", "--stack", "dev");
        workspace.Environment["AEP_CLIENT_SECRET"] = "not-the-secret";
        var refused = await workspace.RunAsync("status", "--stack", "dev", "--json");

        CliAssert.ExitsWith(outage, 1, "error: ");
        Assert.Contains("501", outage.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", outage.Error, StringComparison.Ordinal);
        CliAssert.ExitsWith(refused, 1, "error: authentication failed — IMS refused the client credentials: check AEP_CLIENT_SECRET");
        Assert.Equal("", refused.Out);
        Assert.DoesNotContain("not-the-secret", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_with_nothing_recorded_says_so()
    {
        using var workspace = new CliWorkspace();

        var result = await workspace.RunAsync("status", "--local");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No objects recorded; nothing to report (run apply first).", result.Out.Trim());
    }
}
