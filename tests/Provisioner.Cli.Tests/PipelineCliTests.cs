using System.Text.Json.Nodes;

namespace Provisioner.Cli.Tests;

/// <summary>The whole example pipeline through the CLI as a real process on the local emulator.</summary>
public sealed class PipelineCliTests
{
    [Fact]
    public async Task Apply_local_of_the_example_pipeline_twice_creates_four_objects_then_reports_no_changes()
    {
        using var workspace = new CliWorkspace();
        workspace.Write("infra/pipeline.yaml", File.ReadAllText(Provisioner.Testing.RepoRoot.Combine("infra", "examples", "pipeline.yaml")));
        workspace.WithSecret("mixpanelPassword", "canary-pipeline-pw-5c1e");

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
}
