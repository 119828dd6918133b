using System.Text;

namespace Provisioner.Cli.Tests;

/// <summary>
/// Real aep-provision processes against the emulator over loopback, with latency injected so that runs overlap and
/// signals land mid-apply: concurrent applies on one state (the lock), SIGINT/SIGTERM (graceful stop), a second
/// signal (exit at once). Small N and short latency keep the suite quick; nothing here asserts a timing.
/// </summary>
public sealed class ProcessStateTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(60);

    [Fact]
    public async Task Two_applies_at_once_on_one_state_create_each_connection_once_and_record_every_one()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = Workspace(emulator, count: 16);
        emulator.Faults.AddLatency(Latency);

        await using var first = CliProcess.Start(workspace, "apply", "--stack", "dev", "--parallelism", "4", "--lock-timeout", "3m");
        await using var second = CliProcess.Start(workspace, "apply", "--stack", "dev", "--parallelism", "4", "--lock-timeout", "3m");
        var codes = await Task.WhenAll(first.ExitCodeAsync(), second.ExitCodeAsync());

        Assert.True(codes.All(c => c == 0), $"exit codes {string.Join(",", codes)}\n{first.Error}\n{second.Error}");
        var stored = StoredInDev(emulator);
        Assert.Equal(16, stored.Count);
        Assert.Equal(16, stored.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(stored.Select(s => s.Id).Order(), RecordedIds(workspace));
        // Whichever came second planned against the first one's saved state: nothing left to do.
        Assert.Single(new[] { first.Out, second.Out }, o => o.Contains("Plan: 16 to create", StringComparison.Ordinal));
        Assert.False(File.Exists(workspace.StatePath("dev") + ".lock.json"), "the lock info is removed when a run ends");
    }

    [Theory]
    [InlineData(CliProcess.SIGTERM, 143, "SIGTERM")]
    [InlineData(CliProcess.SIGINT, 130, "SIGINT")]
    public async Task A_signal_mid_apply_lets_the_writes_in_flight_finish_saves_every_connection_and_exits_128_plus_the_signal(
        int signal, int expectedExit, string name)
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = Workspace(emulator, count: 30);
        emulator.Faults.AddLatency(Latency);

        await using var apply = CliProcess.Start(workspace, "apply", "--stack", "dev", "--parallelism", "3");
        await apply.WaitForErrorAsync(e => e.Contains("[3/30] created", StringComparison.Ordinal));
        // Slow the requests not yet sent, so the run is still going when the signal lands however loaded the machine
        // is (at 60 ms the last 27 creates can finish before a busy test process gets to send it).
        emulator.Faults.Clear();
        emulator.Faults.AddLatency(TimeSpan.FromSeconds(2));
        apply.Signal(signal);
        var code = await apply.ExitCodeAsync();

        Assert.True(code == expectedExit, $"exit {code}\n{apply.Out}\n{apply.Error}");
        Assert.Contains($"{name} received: starting no new changes", apply.Error, StringComparison.Ordinal);
        Assert.Contains($"Interrupted ({name}):", apply.Out, StringComparison.Ordinal);
        var stored = StoredInDev(emulator);
        Assert.True(stored.Count >= 3, $"{stored.Count} stored");
        Assert.Equal(stored.Select(s => s.Id).Order(), RecordedIds(workspace)); // every connection on the service is recorded

        // The next run finishes the rest without a duplicate.
        emulator.Faults.Clear();
        var rest = await workspace.RunAsync("apply", "--stack", "dev");
        Assert.True(rest.ExitCode == 0, rest.Error);
        Assert.Equal(30, StoredInDev(emulator).Count);
    }

    [Fact]
    public async Task A_second_signal_exits_at_once_and_leaves_a_readable_state_and_no_duplicates_after_the_next_apply()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = Workspace(emulator, count: 2);
        Assert.Equal(0, (await workspace.RunAsync("apply", "--stack", "dev")).ExitCode);
        workspace.Write("infra/connections.yaml", Definitions(24));
        emulator.Faults.AddLatency(Latency);

        await using var apply = CliProcess.Start(workspace, "apply", "--stack", "dev", "--parallelism", "3");
        await apply.WaitForErrorAsync(e => e.Contains("[2/22] created", StringComparison.Ordinal));
        emulator.Faults.Clear();
        emulator.Faults.AddLatency(TimeSpan.FromSeconds(20)); // holds the writes in flight, so the second signal finds the run still waiting
        apply.Signal(CliProcess.SIGTERM);
        await apply.WaitForErrorAsync(e => e.Contains("SIGTERM received", StringComparison.Ordinal));
        apply.Signal(CliProcess.SIGTERM);
        var code = await apply.ExitCodeAsync();

        Assert.True(code == 143, $"exit {code}\n{apply.Error}");
        Assert.Contains("SIGTERM received again: exiting now", apply.Error, StringComparison.Ordinal);
        var state = JsonNode.Parse(File.ReadAllText(workspace.StatePath("dev")))!; // the old or the new file, never a torn one
        Assert.Equal("aep-provision-state/2", (string?)state["format"]);
        var stored = StoredInDev(emulator).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(RecordedIds(workspace), id => Assert.Contains(id, stored));

        emulator.Faults.Clear();
        var next = await workspace.RunAsync("apply", "--stack", "dev", "--lock-timeout", "0");
        Assert.True(next.ExitCode == 0, next.Error);
        var after = StoredInDev(emulator);
        Assert.Equal(24, after.Count);
        Assert.Equal(24, after.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(after.Select(s => s.Id).Order(), RecordedIds(workspace));
    }

    private static CliWorkspace Workspace(EmulatorHost emulator, int count)
    {
        var workspace = CliWorkspace.ForStack(emulator);
        workspace.WithSecret("pw", "process-test-password");
        workspace.Write("infra/connections.yaml", Definitions(count));
        return workspace;
    }

    private static string Definitions(int count)
    {
        var yaml = new StringBuilder("connections:\n");
        for (var i = 0; i < count; i++)
        {
            yaml.Append($$"""
                  c{{i:00}}:
                    name: Process test {{i:00}}
                    source: mixpanel
                    auth:
                      specName: Basic Authentication
                      params: { host: https://data.mixpanel.com, username: u{{i}}, password: { secret: pw } }

                """);
        }
        return yaml.ToString();
    }

    private static List<Emulator.Store.StoredConnection> StoredInDev(EmulatorHost emulator) =>
        emulator.GetStoredConnections().Where(c => c.SandboxName == "dev").ToList();

    private static string[] RecordedIds(CliWorkspace workspace)
    {
        var state = JsonNode.Parse(File.ReadAllText(workspace.StatePath("dev")))!;
        return state["connections"]!.AsObject().Select(c => (string)c.Value!["id"]!).Order().ToArray();
    }
}
