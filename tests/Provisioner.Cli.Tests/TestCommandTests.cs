using Provisioner.FlowService;
using Provisioner.Testing;

namespace Provisioner.Cli.Tests;

/// <summary><c>aep-provision test</c> and <c>apply --test</c> with sources and destinations in one file.</summary>
public sealed class TestCommandTests
{
    private const string Canary = "canary-cli-test-5e1b";

    private static readonly string Mixed = File.ReadAllText(RepoRoot.Combine("infra", "examples", "sources-and-destinations.yaml"));

    private static CliWorkspace Mixed_file(CliWorkspace workspace)
    {
        workspace.Write("mixed.yaml", Mixed);
        workspace.WithSecret("mixpanelPassword", Canary).WithSecret("s3ExportSecretKey", Canary);
        return workspace;
    }

    [Fact]
    public async Task Local_apply_with_test_reports_each_connection_and_outputs_say_source_or_destination()
    {
        using var workspace = Mixed_file(new CliWorkspace());

        var applied = await workspace.RunAsync("apply", "--local", "--file", "mixed.yaml", "--test");
        var tested = await workspace.RunAsync("test", "--local", "--file", "mixed.yaml");
        var outputs = await workspace.RunAsync("outputs", "--local", "--json");

        Assert.True(applied.ExitCode == 0, applied.Error);
        Assert.Contains("  dlz-export: ok\n  mixpanel: ok\n  s3-export: ok\nTested 3 connection(s): 3 ok, 0 failed.", applied.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(0, tested.ExitCode);
        Assert.Contains("Tested 3 connection(s): 3 ok, 0 failed.", tested.Out, StringComparison.Ordinal);
        var json = JsonNode.Parse(outputs.Out)!;
        Assert.Equal(("source", "destination", "destination"),
            ((string)json["mixpanel"]!["kind"]!, (string)json["s3-export"]!["kind"]!, (string)json["dlz-export"]!["kind"]!));
        Assert.DoesNotContain(Canary, applied.Out + applied.Error + tested.Out + tested.Error, StringComparison.Ordinal);

        var again = await workspace.RunAsync("apply", "--local", "--file", "mixed.yaml", "--test");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("No changes.", again.Out, StringComparison.Ordinal);
        Assert.Contains("Tested 3 connection(s): 3 ok, 0 failed.", again.Out, StringComparison.Ordinal); // a re-check tests every connection
    }

    [Fact]
    public async Task Rejected_credentials_and_a_deleted_connection_fail_the_test_with_the_reason_and_exit_1()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = Mixed_file(CliWorkspace.ForStack(emulator));
        Assert.Equal(0, (await workspace.RunAsync("apply", "--stack", "dev", "--file", "mixed.yaml")).ExitCode);
        var stored = emulator.GetStoredConnections().ToDictionary(c => c.Name, c => c.Id);
        emulator.RejectCredentials(stored["S3 audience exports"]);

        var all = await workspace.RunAsync("test", "--stack", "dev", "--file", "mixed.yaml");
        var one = await workspace.RunAsync("test", "--stack", "dev", "--file", "mixed.yaml", "--key", "mixpanel");

        Assert.Equal(1, all.ExitCode);
        Assert.Contains("  s3-export: failed: the service could not connect with this connection's credentials (test result: false)", all.Out, StringComparison.Ordinal);
        Assert.Contains("  mixpanel: ok", all.Out, StringComparison.Ordinal);
        Assert.Contains("Tested 3 connection(s): 2 ok, 1 failed.", all.Out, StringComparison.Ordinal);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(["  mixpanel: ok", "Tested 1 connection(s): 1 ok, 0 failed."], one.Out.ReplaceLineEndings("\n").TrimEnd().Split('\n'));

        // Deleted outside the tool: the test says "not found" for that key, it does not crash or forget it.
        await using (var client = FlowServiceClientFactory.Create(EmulatorClientOptions.For(emulator, sandbox: "dev")))
        {
            Assert.True(await client.DeleteConnectionAsync(stored["Data Landing Zone exports"]));
        }
        var gone = await workspace.RunAsync("test", "--stack", "dev", "--file", "mixed.yaml", "--key", "dlz-export");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"  dlz-export: failed: not found: no connection with id {stored["Data Landing Zone exports"]}", gone.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("error", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_with_test_tests_only_what_it_changed_and_a_rejected_test_exits_1_with_the_state_saved()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = Mixed_file(CliWorkspace.ForStack(emulator));
        Assert.Equal(0, (await workspace.RunAsync("apply", "--stack", "dev", "--file", "mixed.yaml")).ExitCode);
        emulator.RejectCredentials(emulator.GetStoredConnections().Single(c => c.Name == "S3 audience exports").Id);
        workspace.Write("mixed.yaml", Mixed.Replace("name: S3 audience exports", "name: S3 audience exports renamed", StringComparison.Ordinal));

        var applied = await workspace.RunAsync("apply", "--stack", "dev", "--file", "mixed.yaml", "--test");
        var plan = await workspace.RunAsync("plan", "--stack", "dev", "--file", "mixed.yaml");

        Assert.Equal(1, applied.ExitCode);
        Assert.Contains("Applied 1 change(s).", applied.Out, StringComparison.Ordinal);
        Assert.Contains("  s3-export: failed: ", applied.Out, StringComparison.Ordinal);
        Assert.Contains("Tested 1 connection(s): 0 ok, 1 failed.", applied.Out, StringComparison.Ordinal);
        Assert.Equal(0, plan.ExitCode); // recorded: the connection stays, a failed test changes nothing
    }

    [Fact]
    public async Task An_unknown_key_is_one_clear_error_line()
    {
        using var workspace = Mixed_file(new CliWorkspace());
        Assert.Equal(0, (await workspace.RunAsync("apply", "--local", "--file", "mixed.yaml")).ExitCode);

        var result = await workspace.RunAsync("test", "--local", "--file", "mixed.yaml", "--key", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: no recorded connection with key 'nope'; recorded keys: dlz-export, mixpanel, s3-export", result.Error.Trim());
    }
}
