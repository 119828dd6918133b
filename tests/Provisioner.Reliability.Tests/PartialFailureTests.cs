namespace Provisioner.Reliability.Tests;

/// <summary>
/// Deliverable 3 (and the CLI half of deliverable 1). A create that fails for good at the first, a middle or the
/// last position of a set: the returned state records exactly what exists, and the next run creates only what is
/// missing. The same holds through the CLI, whose state file is what the next run starts from.
/// </summary>
public sealed class PartialFailureTests(ITestOutputHelper output)
{
    private const int SetSize = 9;
    private const string ConnectionsPath = "/data/foundation/flowservice/connections";

    public static TheoryData<string, int, int> Positions => new()
    {
        { "first", 0, 400 }, { "middle", SetSize / 2, 400 }, { "last", SetSize - 1, 400 },
        { "first", 0, 500 }, { "middle", SetSize / 2, 500 }, { "last", SetSize - 1, 500 },
    };

    [Theory]
    [MemberData(nameof(Positions))]
    public async Task A_failed_create_leaves_state_that_records_exactly_what_exists_and_the_next_run_creates_only_it(string position, int index, int status)
    {
        await using var service = await Service.StartAsync();
        var desired = await service.DesiredAsync(SetSize, $"partial {position} {status}");
        var failingKey = desired.Entries.Keys.Order(StringComparer.Ordinal).ElementAt(index);
        // One key at a time, in key order, so "the Nth create" is well defined. A 500 may have committed, so the
        // creator looks the name up and posts again (3 attempts): the fault covers all of them.
        var reconciler = service.Reconciler(parallelism: 1);
        var failures = status == 500 ? 3 : 1;
        var progress = new SyncProgress<ReconcileProgress>(p =>
        {
            if (p.Key == failingKey && p.Stage == ProgressStage.Started) service.Emulator.Faults.FailNext(failures, status, method: "POST", path: "/connections");
        });

        var first = await reconciler.ApplyAsync(await reconciler.PlanAsync(desired, RecordedState.Empty), progress);

        var error = Assert.Single(first.Errors);
        Assert.Equal(failingKey, error.Key);
        Assert.Contains($"{status}", error.Message, StringComparison.Ordinal);
        var audit = service.Audit(first.State);
        Assert.True(audit.Clean, audit.ToString());
        Assert.Equal(SetSize - 1, audit.Stored);

        service.Emulator.Journal.Clear();
        var plan = await reconciler.PlanAsync(desired, first.State);
        Assert.Equal([failingKey], plan.Changes.Where(c => c.IsChange).Select(c => c.Key));
        var second = await reconciler.ApplyAsync(plan);

        var finalAudit = service.Audit(second.State);
        Assert.True(second.Succeeded);
        Assert.True(finalAudit.Clean, finalAudit.ToString());
        Assert.Equal(SetSize, finalAudit.Stored);
        Assert.Single(service.Emulator.Journal.Matching("POST", ConnectionsPath));
        Assert.DoesNotContain(service.Emulator.Journal.Entries, e => e.Method is "PATCH" or "DELETE");
        Figures.Record(output, $"partial-failure-{position}-{status}", new Dictionary<string, object?>
        {
            ["setSize"] = SetSize, ["failedKey"] = failingKey, ["injectedFailures"] = failures, ["recordedAfterFailure"] = first.State.Connections.Count,
            ["storedAfterFailure"] = audit.Stored, ["orphans"] = audit.Orphans.Count, ["dangling"] = audit.Dangling.Count,
            ["secondRunPosts"] = 1, ["finalStored"] = finalAudit.Stored, ["finalDuplicates"] = finalAudit.Duplicates,
        });
    }

    [Fact]
    public async Task The_cli_apply_path_with_every_create_response_lost_saves_each_connection_once()
    {
        var count = Scale.Pick(100, 500);
        await using var service = await Service.StartAsync();
        using var cli = new CliRun(service.Emulator);
        cli.WriteDefinitions(Service.DefinitionsYaml(count, "cli-drop"));
        service.Emulator.Faults.DropResponseAfterCommit();

        var (exit, stdout, stderr) = await cli.RunAsync("apply");

        Assert.True(exit == 0, stderr);
        var audit = service.Audit(cli.LoadState());
        Assert.True(audit.Clean, audit.ToString());
        Assert.Equal(count, audit.Stored);
        service.Emulator.Faults.Clear();
        service.Emulator.Journal.Clear();
        var again = await cli.RunAsync("apply");
        Assert.Equal(0, again.Exit);
        Assert.Empty(service.Emulator.Journal.Writes); // the saved state is the truth: nothing left to do
        Figures.Record(output, "duplicate-safe-cli-apply", new Dictionary<string, object?>
        {
            ["connections"] = count, ["stored"] = audit.Stored, ["duplicates"] = audit.Duplicates, ["orphans"] = audit.Orphans.Count,
            ["dangling"] = audit.Dangling.Count, ["secondApplyWrites"] = 0, ["stdoutLines"] = stdout.Split('\n').Length,
        });
    }

    [Fact]
    public async Task A_cli_apply_that_fails_in_the_middle_saves_what_exists_and_the_next_apply_finishes()
    {
        await using var service = await Service.StartAsync();
        using var cli = new CliRun(service.Emulator);
        cli.WriteDefinitions(Service.DefinitionsYaml(SetSize, "cli-partial"));
        service.Emulator.Faults.Add(new Emulator.FaultRule { StatusCode = 400, Method = "POST", Path = "/connections", Rate = 0.34, Count = 3 });
        service.Emulator.Faults.Seed(7);

        var first = await cli.RunAsync("apply", "--parallelism", "1");

        Assert.Equal(1, first.Exit);
        Assert.Contains("run apply again", first.Out, StringComparison.Ordinal);
        var audit = service.Audit(cli.LoadState());
        Assert.True(audit.Clean, audit.ToString());
        Assert.InRange(audit.Stored, 1, SetSize - 1);

        service.Emulator.Faults.Clear();
        service.Emulator.Journal.Clear();
        var second = await cli.RunAsync("apply");
        Assert.Equal(0, second.Exit);
        Assert.Equal(SetSize - audit.Stored, service.Emulator.Journal.Matching("POST", ConnectionsPath).Count);
        var finalAudit = service.Audit(cli.LoadState());
        Assert.True(finalAudit.Clean, finalAudit.ToString());
        Assert.Equal(SetSize, finalAudit.Stored);
    }
}
