using System.Text.Json.Nodes;

namespace Provisioner.Cli.Tests;

/// <summary>The whole example pipeline through the CLI as a real process on the local emulator.</summary>
public sealed class PipelineCliTests
{
    /// <summary>A workspace holding the example pipeline as infra/pipeline.yaml, with its secret.</summary>
    private static CliWorkspace PipelineWorkspace()
    {
        var workspace = new CliWorkspace();
        workspace.Write("infra/pipeline.yaml", File.ReadAllText(Provisioner.Testing.RepoRoot.Combine("infra", "examples", "pipeline.yaml")));
        workspace.WithSecret("mixpanelPassword", "canary-pipeline-pw-5c1e");
        return workspace;
    }

    [Fact]
    public async Task Apply_local_of_the_example_pipeline_twice_creates_four_objects_then_reports_no_changes()
    {
        using var workspace = PipelineWorkspace();

        await using (var first = CliProcess.Start(workspace, "apply", "--local", "--file", "infra/pipeline.yaml"))
        {
            Assert.Equal(0, await first.ExitCodeAsync());
            Assert.Contains("Applied 4 change(s).", first.Out, StringComparison.Ordinal);
        }
        var state = JsonNode.Parse(File.ReadAllText(workspace.StatePath("local")))!;
        Assert.Equal(["mixpanel-events"], state["pipeline"]!["sourceConnections"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["events-dataset"], state["pipeline"]!["targetConnections"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["mixpanel-to-dataset"], state["pipeline"]!["dataflows"]!.AsObject().Select(p => p.Key));

        await using var second = CliProcess.Start(workspace, "apply", "--local", "--file", "infra/pipeline.yaml");
        Assert.Equal(0, await second.ExitCodeAsync());
        Assert.Contains("No changes", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-pipeline-pw-5c1e", second.Out + second.Error + File.ReadAllText(workspace.StatePath("local")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_half_recorded_in_the_state_file_is_planned_as_a_delete_and_dropped_from_the_file_once_deleted()
    {
        using var workspace = PipelineWorkspace();
        await using (var first = CliProcess.Start(workspace, "apply", "--local", "--file", "infra/pipeline.yaml"))
        {
            Assert.Equal(0, await first.ExitCodeAsync());
        }
        // What a stopped replacement leaves: the old dataflow, recorded beside the new one (gone from the service
        // since, which a delete takes as done).
        const string oldFlow = "3f1b2c4d-0000-4000-8000-00000000dead";
        var state = JsonNode.Parse(File.ReadAllText(workspace.StatePath("local")))!.AsObject();
        state["pipeline"]!["superseded"] = JsonNode.Parse($$"""[{ "of": "dataflows.mixpanel-to-dataset", "id": "{{oldFlow}}", "usedBy": [] }]""");
        File.WriteAllText(workspace.StatePath("local"), state.ToJsonString());

        await using (var plan = CliProcess.Start(workspace, "plan", "--local", "--file", "infra/pipeline.yaml"))
        {
            Assert.Equal(2, await plan.ExitCodeAsync()); // changes: the delete
            Assert.Contains("old dataflows.mixpanel-to-dataset (replaced)", plan.Out, StringComparison.Ordinal);
            Assert.Contains(oldFlow, plan.Out, StringComparison.Ordinal);
        }
        Assert.NotNull(JsonNode.Parse(File.ReadAllText(workspace.StatePath("local")))!["pipeline"]!["superseded"]); // a plan writes nothing

        await using (var apply = CliProcess.Start(workspace, "apply", "--local", "--file", "infra/pipeline.yaml"))
        {
            Assert.Equal(0, await apply.ExitCodeAsync());
        }
        var after = JsonNode.Parse(File.ReadAllText(workspace.StatePath("local")))!;
        Assert.Null(after["pipeline"]!["superseded"]);
        Assert.Equal(["mixpanel-to-dataset"], after["pipeline"]!["dataflows"]!.AsObject().Select(p => p.Key));
    }
}
