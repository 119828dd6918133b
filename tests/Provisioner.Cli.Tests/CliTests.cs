namespace Provisioner.Cli.Tests;

public sealed class CliTests
{
    private const string Canary = "cli-canary-3c9e7b21";

    [Fact]
    public async Task Apply_local_twice_creates_the_example_then_reports_no_changes_and_never_shows_a_secret()
    {
        using var workspace = new CliWorkspace().WithSecret("mixpanelPassword", Canary).WithSecret("s3LandingSecretKey", Canary + "-s3");

        var first = await workspace.RunAsync("apply", "--local");
        var second = await workspace.RunAsync("apply", "--local");
        var plan = await workspace.RunAsync("plan", "--local");
        var outputs = await workspace.RunAsync("outputs", "--local", "--json");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("Plan: 6 to create", first.Out, StringComparison.Ordinal);
        Assert.Matches(@"mixpanel\s+source\s+Mixpanel base connection\s+[0-9a-f-]{36}\s+""", first.Out);
        Assert.Contains("generated placeholder for secret 'salesforcePassword'", first.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("placeholder for secret 'mixpanelPassword'", first.Error, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.StartsWith("No changes. 3 connection(s), 1 source connection(s), 1 target connection(s), 1 dataflow(s) up to date.", second.Out, StringComparison.Ordinal);
        Assert.Equal(0, plan.ExitCode);

        var json = JsonNode.Parse(outputs.Out)!.AsObject();
        Assert.Equal(["mixpanel", "s3-landing", "salesforce-crm", "sourceConnections.mixpanel-events", "targetConnections.events-dataset", "dataflows.mixpanel-to-dataset"],
            json.Select(p => p.Key));
        Assert.All(json, p => Assert.StartsWith("\"", p.Value!["etag"]!.GetValue<string>(), StringComparison.Ordinal));

        // The local emulator's own data file stores params like the real service does; the CLI's state must not.
        var printed = first.Out + first.Error + second.Out + second.Error + plan.Out + plan.Error + outputs.Out + outputs.Error;
        Assert.DoesNotContain(Canary, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, File.ReadAllText(Path.Combine(workspace.Directory, ".aep-provision", "state", "local.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_exit_codes_are_2_for_changes_0_for_none_and_1_for_errors()
    {
        using var workspace = new CliWorkspace();

        Assert.Equal(2, (await workspace.RunAsync("plan", "--local")).ExitCode);
        Assert.Equal(0, (await workspace.RunAsync("apply", "--local")).ExitCode);
        Assert.Equal(0, (await workspace.RunAsync("plan", "--local")).ExitCode);

        workspace.Write("infra/connections.yaml", File.ReadAllText(Path.Combine(workspace.Directory, "infra/connections.yaml"))
            .Replace("description: Nightly partner drops in the landing bucket", "description: changed", StringComparison.Ordinal));
        var changed = await workspace.RunAsync("plan", "--local");
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("~ s3-landing", changed.Out, StringComparison.Ordinal);
        Assert.Contains("update   ", changed.Out, StringComparison.Ordinal);
        Assert.Contains(": description", changed.Out, StringComparison.Ordinal);

        workspace.Write("infra/bad.yaml", "connections:\n  k:\n    name: K\n    source: nope\n    auth: { specName: X }\n    extra: 1\n");
        var bad = await workspace.RunAsync("plan", "--local", "--file", "infra/bad.yaml");
        CliAssert.ExitsWith(bad, 1,
            "infra/bad.yaml:6:5 connections.k.extra: unknown key 'extra'",
            "1 error(s) in infra/bad.yaml; nothing was changed.");
    }

    [Fact]
    public async Task Validate_reports_every_error_at_once_and_passes_the_example()
    {
        using var workspace = new CliWorkspace();
        workspace.Write("infra/bad.yaml", """
            connections:
              a:
                name: A
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params: { host: h, username: u, password: plaintext-oops }
              b:
                name: A
                source: not-a-source
                auth: { specName: Basic Authentication }
            """);

        var ok = await workspace.RunAsync("validate", "--local");
        var bad = await workspace.RunAsync("validate", "--file", "infra/bad.yaml");
        var missing = await workspace.RunAsync("validate", "--file", "infra/none.yaml");

        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("3 connection(s), no errors", ok.Out, StringComparison.Ordinal);
        CliAssert.ExitsWith(bad, 1,
            "infra/bad.yaml:7:49 connections.a.auth.params.password: 'password' is a secret",
            "infra/bad.yaml:9:11 connections.b.name: duplicate name");
        Assert.DoesNotContain("plaintext-oops", bad.Error + bad.Out, StringComparison.Ordinal);
        CliAssert.ExitsWith(missing, 1, "infra/none.yaml: definitions file not found");
    }

    [Fact]
    public async Task Without_local_an_unset_secret_is_a_located_error_and_nothing_is_written()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = CliWorkspace.ForStack(emulator);

        var result = await workspace.RunAsync("apply", "--stack", "dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("connections.mixpanel.auth.params.password: secret 'mixpanelPassword' is not set: set the environment variable AEP_SECRET_MIXPANELPASSWORD",
            result.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.Journal.Writes);
    }

    [Fact]
    public async Task A_stack_target_reads_settings_from_the_stack_file_and_secrets_from_the_environment()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = CliWorkspace.ForStack(emulator).WithExampleSecrets(Canary);

        var first = await workspace.RunAsync("apply", "--stack", "dev", "--parallelism", "2");
        emulator.Journal.Clear();
        var second = await workspace.RunAsync("apply", "--stack", "dev");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(3, emulator.GetStoredConnections().Count);
        Assert.Equal("dev", emulator.GetStoredConnections()[0].SandboxName);
        Assert.Equal(0, second.ExitCode);
        Assert.Empty(emulator.Journal.Writes);
        Assert.DoesNotContain(Canary, first.Out + first.Error + second.Out + second.Error + workspace.ToolFiles(), StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.Options.ClientSecret, first.Out + first.Error + workspace.ToolFiles(), StringComparison.Ordinal);

        // A state is bound to its target: pointing the stack at another sandbox is refused, not silently applied.
        workspace.Write("stacks/Pulumi.dev.yaml", File.ReadAllText(Path.Combine(workspace.Directory, "stacks/Pulumi.dev.yaml"))
            .Replace("aep:sandboxName: dev", "aep:sandboxName: prod", StringComparison.Ordinal));
        var moved = await workspace.RunAsync("plan", "--stack", "dev");
        CliAssert.ExitsWith(moved, 1, "this state belongs to stack 'dev'");
    }

    [Fact]
    public async Task Bad_options_exit_1_with_a_clear_message()
    {
        using var workspace = new CliWorkspace();

        var both = await workspace.RunAsync("plan", "--local", "--stack", "dev");
        var parallelism = await workspace.RunAsync("plan", "--local", "--parallelism", "0");
        var unknown = await workspace.RunAsync("plan", "--nope");
        var noStack = await workspace.RunAsync("plan", "--stack", "missing");

        Assert.Equal((1, "error: --local and --stack exclude each other"), (both.ExitCode, both.Error.Trim()));
        Assert.Equal((1, "error: --parallelism must be at least 1"), (parallelism.ExitCode, parallelism.Error.Trim()));
        CliAssert.ExitsWith(unknown, 1, "--nope");
        Assert.Equal((1, "error: stacks/Pulumi.missing.yaml: stack file not found"), (noStack.ExitCode, noStack.Error.Trim()));
    }

    [Fact]
    public async Task An_unwritable_state_folder_is_one_clear_error_line_and_the_next_run_adopts_what_was_created()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = CliWorkspace.ForStack(emulator).WithExampleSecrets(Canary);
        // A file where the state folder should be: the lock cannot be taken, so the run stops before any write.
        workspace.Write(".aep-provision/state", "not a folder");
        var unlockable = await workspace.RunAsync("apply", "--stack", "dev");
        Assert.Equal(1, unlockable.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(NonProgressLines(unlockable.Error)), StringComparison.Ordinal);
        Assert.Empty(emulator.Journal.Writes);
        File.Delete(Path.Combine(workspace.Directory, ".aep-provision", "state"));

        // A folder where the state file should be: unwritable for every user, root included, but the lock beside it works.
        Directory.CreateDirectory(workspace.StatePath("dev"));

        var blocked = await workspace.RunAsync("apply", "--stack", "dev");

        Assert.Equal(1, blocked.ExitCode);
        var line = Assert.Single(NonProgressLines(blocked.Error));
        Assert.StartsWith("error: .aep-provision/state/dev.json: the state could not be saved (", line, StringComparison.Ordinal);
        Assert.Contains("6 change(s) were applied on the service", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", blocked.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, blocked.Out + blocked.Error, StringComparison.Ordinal);
        var refresh = await workspace.RunAsync("refresh", "--stack", "dev");
        Assert.Equal(1, refresh.ExitCode);
        Assert.Matches(@"^error: .*\.aep-provision/state", Assert.Single(NonProgressLines(refresh.Error)));

        // Unwritable on load too (the key folder is a file): still one line, no stack trace.
        Directory.Delete(workspace.StatePath("dev"));
        Directory.Delete(workspace.KeyDirectory, recursive: true);
        workspace.Write("config/aep-provision/keys", "not a folder");
        var keyBlocked = await workspace.RunAsync("apply", "--stack", "dev");
        Assert.Equal(1, keyBlocked.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(NonProgressLines(keyBlocked.Error)), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", keyBlocked.Error, StringComparison.Ordinal);

        File.Delete(Path.Combine(workspace.ConfigDirectory, "aep-provision", "keys"));
        emulator.Journal.Clear();
        var retry = await workspace.RunAsync("apply", "--stack", "dev");
        Assert.True(retry.ExitCode == 0, retry.Error);
        Assert.Contains("Plan: 0 to create, 6 to adopt", retry.Out, StringComparison.Ordinal);
        Assert.Empty(emulator.Journal.Matching("POST", "/data/foundation/flowservice/connections"));
        Assert.Equal(3, emulator.GetStoredConnections().Count);
        Assert.Equal(3, emulator.GetStoredResources().Count(r => r.Kind != "runs")); // the pipeline's three objects, once each
    }

    [Fact]
    public async Task Secret_names_that_differ_only_by_case_are_a_located_error_naming_both()
    {
        using var workspace = new CliWorkspace().WithSecret("mixpanelPassword", Canary);
        workspace.Write("infra/case.yaml", """
            connections:
              a:
                name: A
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params: { host: h, username: u, password: { secret: mixpanelPassword } }
              b:
                name: B
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params: { host: h, username: u, password: { secret: MixpanelPassword } }
              c:
                name: C
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params: { host: h, username: u, password: { secret: mixpanelPassword } }
            """);

        var result = await workspace.RunAsync("validate", "--file", "infra/case.yaml");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n'), l => l.Contains("differ only by case", StringComparison.Ordinal));
        Assert.StartsWith("infra/case.yaml:13:", error, StringComparison.Ordinal);
        Assert.Contains("connections.b.auth.params.password: secret 'MixpanelPassword' and secret 'mixpanelPassword' (infra/case.yaml:7:", error, StringComparison.Ordinal);
        Assert.Contains("AEP_SECRET_MIXPANELPASSWORD", error, StringComparison.Ordinal);
        Assert.Contains("1 error(s) in infra/case.yaml", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, result.Out + result.Error, StringComparison.Ordinal);
    }

    private static string[] NonProgressLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('[')).ToArray();
}
