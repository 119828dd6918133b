using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Provisioner.Cli.State;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Cli.Tests;

/// <summary>Issue 10: the state lock (timeout, stale takeover, force-unlock), state validated on load, refresh before
/// plan, refused credentials reported once, strict UTF-8 — and no .NET wording in any of those messages.</summary>
public sealed partial class StateTrustTests
{
    private const string Canary = "state-trust-canary-71d2";

    [Fact]
    public async Task A_run_waiting_for_a_held_lock_names_the_holder_and_fails_after_the_lock_timeout()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = StackWorkspace(emulator);
        emulator.Faults.AddLatency(TimeSpan.FromMilliseconds(400)); // keeps the holder busy while the waiter gives up

        await using var holder = CliProcess.Start(workspace, "apply", "--stack", "dev", "--parallelism", "1");
        await holder.WaitForErrorAsync(_ => File.Exists(workspace.StatePath("dev") + ".lock.json"));
        var waiter = await workspace.RunAsync("plan", "--stack", "dev", "--lock-timeout", "500ms");
        var impatient = await workspace.RunAsync("plan", "--stack", "dev", "--lock-timeout", "0");

        CliAssert.ExitsWith(waiter, 1, "waiting for the lock of .aep-provision/state/dev.json, held by lock ");
        var error = Assert.Single(ErrorLines(waiter.Error));
        Assert.Contains($"(pid {holder.Id} on {Environment.MachineName}) running 'apply'", error, StringComparison.Ordinal);
        Assert.Contains("Waited 0.5 s (--lock-timeout)", error, StringComparison.Ordinal);
        Assert.Equal(1, impatient.ExitCode);
        Assert.DoesNotContain("waiting", impatient.Error, StringComparison.Ordinal);
        emulator.Faults.Clear();
        Assert.Equal(0, await holder.ExitCodeAsync());
        AssertUserFacing(waiter.Error + impatient.Error);
    }

    [Fact]
    public async Task A_lock_left_by_a_killed_run_is_taken_over_with_a_message_and_the_rerun_creates_no_duplicate()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = StackWorkspace(emulator);
        emulator.Faults.AddLatency(TimeSpan.FromMilliseconds(300));

        await using var killed = CliProcess.Start(workspace, "apply", "--stack", "dev", "--parallelism", "1");
        await killed.WaitForErrorAsync(e => e.Contains("[1/6] created", StringComparison.Ordinal));
        await killed.KillHardAsync(); // no finally runs: the lock info stays behind
        emulator.Faults.Clear();
        Assert.True(File.Exists(workspace.StatePath("dev") + ".lock.json"));

        var rerun = await workspace.RunAsync("apply", "--stack", "dev", "--lock-timeout", "0");

        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains("note: took over the stale lock of .aep-provision/state/dev.json (lock ", rerun.Error, StringComparison.Ordinal);
        Assert.Contains("that process is gone", rerun.Error, StringComparison.Ordinal);
        Assert.Equal(3, emulator.GetStoredConnections().Count);
        Assert.Equal(3, emulator.GetStoredResources().Count(r => r.Kind != "runs")); // the pipeline's three objects, once each
        Assert.False(File.Exists(workspace.StatePath("dev") + ".lock.json"));
    }

    [Fact]
    public async Task A_lock_from_another_machine_needs_force_unlock_with_its_id()
    {
        using var workspace = new CliWorkspace();
        var infoPath = workspace.StatePath("local") + ".lock.json";
        workspace.Write(".aep-provision/state/local.json.lock.json", new LockInfo("0f1e2d3c-aaaa-bbbb-cccc-000000000001", "ci", 4242, "build-agent-7",
            "apply", DateTimeOffset.Now).ToJson().ToJsonString());

        var blocked = await workspace.RunAsync("plan", "--local", "--lock-timeout", "0");
        var wrongId = await workspace.RunAsync("force-unlock", "not-the-id", "--local");
        var unlocked = await workspace.RunAsync("force-unlock", "0f1e2d3c-aaaa-bbbb-cccc-000000000001", "--local");
        var again = await workspace.RunAsync("force-unlock", "0f1e2d3c-aaaa-bbbb-cccc-000000000001", "--local");
        var plan = await workspace.RunAsync("plan", "--local", "--lock-timeout", "0");

        CliAssert.ExitsWith(blocked, 1,
            "(pid 4242 on build-agent-7) running 'apply'",
            "another machine",
            "aep-provision force-unlock 0f1e2d3c-aaaa-bbbb-cccc-000000000001");
        CliAssert.ExitsWith(wrongId, 1, "not not-the-id; nothing was changed");
        Assert.True(unlocked.ExitCode == 0, unlocked.Error);
        Assert.Contains("removed lock 0f1e2d3c-aaaa-bbbb-cccc-000000000001", unlocked.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(infoPath));
        CliAssert.ExitsWith(again, 1, "is not locked");
        Assert.Equal(2, plan.ExitCode);
        AssertUserFacing(blocked.Error + wrongId.Error + again.Error);
    }

    [Fact]
    public async Task Force_unlock_cannot_break_the_lock_of_a_process_that_is_still_running()
    {
        using var workspace = new CliWorkspace();
        using var held = await StateLock.AcquireAsync(workspace.StatePath("local"), "local.json", "apply", TimeSpan.Zero, TextWriter.Null, default);

        var result = await workspace.RunAsync("force-unlock", held.Info.Id, "--local");

        CliAssert.ExitsWith(result, 1, "still running on this machine");
        Assert.True(File.Exists(workspace.StatePath("local") + ".lock.json"));
    }

    public static TheoryData<string, string> CorruptStates => new()
    {
        { "duplicate-id", "key 's3-landing': id {mixpanel} is also recorded for key 'mixpanel'" },
        { "empty-etag", "key 'mixpanel': the recorded etag is empty" },
        { "empty-id", "key 'mixpanel': the recorded id is empty" },
        { "format", "state file is not readable: unknown format (expected \"aep-provision-state/2\")" },
        { "not-json", "state file is not readable: " },
        { "target", "this state belongs to somewhere else, not to the local emulator" },
        { "wrong-type", "state file is not readable: recorded state of 'mixpanel' is not readable: 'id' must be a string" },
        { "format-type", "state file is not readable: 'format' must be a string" },
    };

    [Theory]
    [MemberData(nameof(CorruptStates))]
    public async Task A_corrupt_state_is_refused_on_load_with_a_located_error_and_left_untouched(string corruption, string expected)
    {
        using var workspace = new CliWorkspace();
        Assert.Equal(0, (await workspace.RunAsync("apply", "--local")).ExitCode);
        var path = workspace.StatePath("local");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var connections = json["connections"]!;
        var mixpanelId = (string)connections["mixpanel"]!["id"]!;
        switch (corruption)
        {
            case "duplicate-id": connections["s3-landing"]!["id"] = mixpanelId; break;
            case "empty-etag": connections["mixpanel"]!["etag"] = ""; break;
            case "empty-id": connections["mixpanel"]!["id"] = ""; break;
            case "format": json["format"] = "aep-provision-state/9"; break;
            case "target": json["target"] = "somewhere else"; break;
            case "wrong-type": connections["mixpanel"]!["id"] = 42; break;
            case "format-type": json["format"] = 2; break;
        }
        File.WriteAllText(path, corruption == "not-json" ? "{ \"format\": " : json.ToJsonString());
        var before = File.ReadAllBytes(path);

        foreach (var command in new[] { "plan", "apply", "refresh" })
        {
            var result = await workspace.RunAsync(command, "--local");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("error: .aep-provision/state/local.json: " + expected.Replace("{mixpanel}", mixpanelId, StringComparison.Ordinal),
                result.Error, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(path));
            AssertUserFacing(result.Error);
        }
    }

    [Fact]
    public async Task Plan_refreshes_first_and_shows_an_out_of_band_delete_and_edit_unless_refresh_is_false()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = StackWorkspace(emulator);
        Assert.Equal(0, (await workspace.RunAsync("apply", "--stack", "dev")).ExitCode);
        var recorded = JsonNode.Parse(File.ReadAllText(workspace.StatePath("dev")))!["connections"]!;
        await using (var client = FlowServiceClientFactory.Create(new FlowServiceOptions
        {
            Endpoint = emulator.BaseAddress, ImsEndpoint = emulator.BaseAddress, ClientId = emulator.Options.ClientId,
            ClientSecret = emulator.Options.ClientSecret, OrgId = emulator.Options.OrgId, SandboxName = "dev",
        }))
        {
            // Salesforce: nothing of the example's pipeline stands on it (the service refuses to delete a base connection in use).
            Assert.True(await client.DeleteConnectionAsync((string)recorded["salesforce-crm"]!["id"]!));
            await client.UpdateConnectionAsync((string)recorded["s3-landing"]!["id"]!, (string)recorded["s3-landing"]!["etag"]!,
                [JsonPatchOperation.Replace("/description", "edited by hand")]);
        }

        var stale = await workspace.RunAsync("plan", "--stack", "dev", "--refresh=false");
        var plan = await workspace.RunAsync("plan", "--stack", "dev");
        var apply = await workspace.RunAsync("apply", "--stack", "dev");
        var after = await workspace.RunAsync("plan", "--stack", "dev");

        Assert.Equal(0, stale.ExitCode);
        Assert.StartsWith("No changes.", stale.Out, StringComparison.Ordinal);
        Assert.Equal(2, plan.ExitCode);
        Assert.Contains("  - salesforce-crm: deleted outside this tool", plan.Out, StringComparison.Ordinal);
        Assert.Contains("  ~ s3-landing: changed outside this tool", plan.Out, StringComparison.Ordinal);
        Assert.Matches(@"\+ salesforce-crm\s+create", plan.Out);
        Assert.Matches(@"~ s3-landing\s+update\s+\S+: description", plan.Out);
        Assert.True(apply.ExitCode == 0, apply.Error);
        Assert.Equal(0, after.ExitCode);
        Assert.Equal(3, emulator.GetStoredConnections().Count);
    }

    [Fact]
    public async Task A_refused_client_secret_is_one_message_naming_the_credential_not_an_error_per_definition()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = StackWorkspace(emulator);
        workspace.Environment["AEP_CLIENT_SECRET"] = Canary;

        foreach (var command in new[] { "plan", "apply" })
        {
            var result = await workspace.RunAsync(command, "--stack", "dev");

            Assert.Equal(1, result.ExitCode);
            var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: authentication failed — IMS refused the client credentials: check AEP_CLIENT_SECRET", line, StringComparison.Ordinal);
            Assert.DoesNotContain("could not read connection spec", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(Canary, result.Out + result.Error, StringComparison.Ordinal);
            AssertUserFacing(result.Error);
        }
        Assert.Empty(emulator.Journal.Writes);
    }

    [Fact]
    public async Task Definitions_that_are_not_valid_utf8_are_a_located_error()
    {
        using var workspace = new CliWorkspace();
        var bytes = Encoding.UTF8.GetBytes("connections:\n  a:\n    name: Caf\u00e9 X\n").ToList();
        bytes.InsertRange(bytes.Count - 3, [0xFF, 0xFE]); // before " X"
        File.WriteAllBytes(Path.Combine(workspace.Directory, "infra", "bad.yaml"), [.. bytes]);

        var result = await workspace.RunAsync("validate", "--file", "infra/bad.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: infra/bad.yaml:3:15: the file is not valid UTF-8 (byte 0xFF); save it as UTF-8", result.Error.Trim());
    }

    [Fact]
    public async Task Every_error_path_speaks_the_users_language_without_dotnet_wording()
    {
        using var workspace = new CliWorkspace();
        workspace.Environment["AEP_CLIENT_SECRET"] = Canary;
        workspace.WithSecret("mixpanelPassword", Canary);
        string[][] runs =
        [
            ["plan", "--local", "--lock-timeout", "soon"],
            ["apply", "--local", "--interrupt-timeout", "-1"],
            ["plan"], // no client id or org: the settings validator's message
            ["force-unlock", "x", "--local"],
            ["plan", "--local", "--file", "infra/none.yaml"],
            ["refresh", "--stack", "missing"],
        ];
        foreach (var args in runs)
        {
            var result = await workspace.RunAsync(args);

            Assert.True(result.ExitCode == 1, string.Join(" ", args) + ": " + result.Error);
            Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
            AssertUserFacing(result.Error);
            Assert.DoesNotContain(Canary, result.Out + result.Error, StringComparison.Ordinal);
        }
    }

    private static CliWorkspace StackWorkspace(EmulatorHost emulator) => CliWorkspace.ForStack(emulator).WithExampleSecrets(Canary);

    private static string[] ErrorLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();

    /// <summary>No .NET wording reaches a user: no parameter names, no exception type names, no stack frames.</summary>
    internal static void AssertUserFacing(string output)
    {
        Assert.DoesNotMatch(DotNetWording(), output);
    }

    [GeneratedRegex(@"\(Parameter '|\b\w+Exception\b|\s+at \w+[\w.]*\(|System\.\w+")]
    private static partial Regex DotNetWording();
}
