using Microsoft.Extensions.Time.Testing;

namespace Provisioner.Reliability.Tests;

/// <summary>
/// Deliverable 2. An apply of a few hundred connections while about 30 % of Flow Service calls are refused (429 with
/// Retry-After 0 or 1 s, or 503): it completes, creates nothing twice and leaves nothing unrecorded. Retries are
/// bounded in time, and a cancelled apply returns state that matches the service.
/// </summary>
public sealed class RetriesUnderLoadTests(ITestOutputHelper output)
{
    private const string FlowPrefix = "/data/foundation/flowservice";

    [Fact]
    public async Task An_apply_under_30_percent_429_and_503_completes_with_no_duplicate_and_no_orphan()
    {
        var count = Scale.Pick(200, 2000);
        // Production shape of the pipeline; more attempts than the default 4 because 30 % refusals is far above
        // anything a healthy service does (0.3^11 ≈ 2e-6 per call), and a small base delay to keep CI fast.
        await using var service = await Service.StartAsync(tune: o => o.MaxRetryAttempts = 10);
        var desired = await service.DesiredAsync(count, "load");
        var faults = service.Emulator.Faults;
        faults.Seed(20261128);
        // Three independent rules of 11.2 % each: 1 - 0.888³ ≈ 30 % of calls get one of them.
        faults.Fail(0.112, 429, retryAfter: TimeSpan.Zero);
        faults.Fail(0.112, 429, retryAfter: TimeSpan.FromSeconds(1));
        faults.Fail(0.112, 503);
        service.Emulator.Journal.Clear();
        var reconciler = service.Reconciler(maxCreateAttempts: 5);

        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);
        var result = await reconciler.ApplyAsync(plan);

        var calls = service.Emulator.Journal.Entries.Where(e => e.Path.StartsWith(FlowPrefix, StringComparison.Ordinal)).ToArray();
        var audit = service.Audit(result.State);
        var outputs = RecordedStateJson.ToJson(result.State);
        var completeOutputs = outputs.Count(o => o.Value?["id"]?.GetValue<string>() is { Length: > 0 } && o.Value["etag"]?.GetValue<string>() is ['"', .., '"']);
        Figures.Record(output, "retries-under-load", new Dictionary<string, object?>
        {
            ["connections"] = count,
            ["flowServiceCalls"] = calls.Length,
            ["injected429"] = calls.Count(c => c.Fault == "status:429"),
            ["injected503"] = calls.Count(c => c.Fault == "status:503"),
            ["injectedShare"] = Math.Round(calls.Count(c => c.Fault is not null) / (double)calls.Length, 3),
            ["posts"] = calls.Count(c => c.Method == "POST"),
            ["errors"] = result.Errors.Count,
            ["stored"] = audit.Stored, ["duplicates"] = audit.Duplicates, ["orphans"] = audit.Orphans.Count,
            ["dangling"] = audit.Dangling.Count, ["staleEtags"] = audit.StaleEtags.Count, ["completeOutputs"] = completeOutputs,
        });

        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(5)));
        Assert.True(audit.Clean, audit.ToString());
        Assert.Equal(count, audit.Stored);
        Assert.Equal(count, completeOutputs);
        Assert.InRange(calls.Count(c => c.Fault is not null) / (double)calls.Length, 0.2, 0.4); // the load really was injected
        faults.Clear();
        Assert.False((await reconciler.PlanAsync(desired, result.State)).HasChanges);
    }

    [Fact]
    public async Task Retries_end_within_the_total_time_budget_even_when_the_service_never_recovers()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        emulator.Faults.Fail(1.0, 503, method: "GET");
        var figures = new Dictionary<string, object?>();
        // Fake time runs on while a request is in flight too (200 ms per real ms), so under CPU load a slow answer eats
        // fake budget: the attempts-bounded case gets a budget no load can exhaust, or it would end early (seen at load 19).
        foreach (var (label, attempts, budget) in new[] { ("bounded-by-attempts", 5, TimeSpan.FromHours(1)), ("bounded-by-total-timeout", 1000, TimeSpan.FromMinutes(2)) })
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var options = ServiceOptions(emulator, o =>
            {
                o.MaxRetryAttempts = attempts;
                o.RetryBaseDelay = TimeSpan.FromSeconds(1);
                o.TotalRequestTimeout = budget;
            });
            using var client = FlowServiceClientFactory.Create(options, timeProvider: time);
            emulator.Journal.Clear();

            var call = client.GetConnectionAsync("0b7c2f2e-0000-4000-8000-000000000001");
            var started = time.GetUtcNow();
            while (!call.IsCompleted) // fake time moves only while the call is waiting on it
            {
                await Task.Delay(1);
                time.Advance(TimeSpan.FromMilliseconds(200));
            }
            var error = await Assert.ThrowsAsync<FlowServiceException>(() => call);
            var elapsed = time.GetUtcNow() - started;
            var sent = emulator.Journal.Matching("GET", FlowPrefix + "/connections").Count;
            figures[label] = new Dictionary<string, object?> { ["maxRetryAttempts"] = attempts, ["requests"] = sent, ["fakeSecondsElapsed"] = Math.Round(elapsed.TotalSeconds, 1) };

            Assert.True(elapsed <= options.TotalRequestTimeout + TimeSpan.FromSeconds(1), $"{label}: {elapsed}");
            if (attempts == 5)
            {
                Assert.Equal(6, sent); // every retry was made, and inside the budget
                Assert.Equal(503, (int?)error.StatusCode);
            }
            else
            {
                Assert.InRange(sent, 2, attempts); // the budget, not the attempt count, ended it
                Assert.Contains("time limit", error.Message, StringComparison.Ordinal);
            }
        }
        Figures.Record(output, "retry-time-bound", figures);
    }

    [Fact]
    public async Task A_cancelled_apply_returns_state_that_matches_the_service_and_the_next_run_finishes_without_duplicates()
    {
        var count = Scale.Pick(60, 600);
        await using var service = await Service.StartAsync();
        var desired = await service.DesiredAsync(count, "cancel");
        var reconciler = service.Reconciler(parallelism: 4);
        var plan = await reconciler.PlanAsync(desired, RecordedState.Empty);
        service.Emulator.Faults.AddLatency(TimeSpan.FromMilliseconds(40), method: "POST");
        using var cancellation = new CancellationTokenSource();
        var cancelAfter = count / 3;
        var progress = new SyncProgress<ReconcileProgress>(p =>
        {
            if (p.Stage == ProgressStage.Succeeded && p.Completed >= cancelAfter) cancellation.Cancel();
        });

        var first = await reconciler.ApplyAsync(plan, progress, cancellation.Token);

        // Let requests the server was still processing when the client gave up finish before looking at the store.
        await service.Emulator.Journal.WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(1)); // hang guard only
        var audit = service.Audit(first.State);
        var inFlightKeys = first.Errors.Where(e => !e.Message.Contains("before it started", StringComparison.Ordinal)).Select(e => e.Key).ToHashSet();
        var inFlightNames = inFlightKeys.Select(k => desired.Entries[k].Connection.Name).ToHashSet(StringComparer.Ordinal);
        var committedUnrecorded = service.Emulator.GetStoredConnections().Where(c => !first.State.Connections.Values.Any(r => r.Id == c.Id)).ToArray();

        Assert.True(first.Errors.Count > 0, "the apply was not cancelled mid-way");
        Assert.Equal(0, audit.Duplicates);
        Assert.Empty(audit.Dangling);     // everything recorded exists
        Assert.Empty(audit.StaleEtags);   // with the etag it has
        // Anything stored but unrecorded can only be a create that was on the wire when the cancel came; its
        // name is unique, so the next run adopts it instead of posting again.
        Assert.All(committedUnrecorded, c => Assert.Contains(c.Name, inFlightNames));

        service.Emulator.Faults.Clear();
        var second = await reconciler.ApplyAsync(await reconciler.PlanAsync(desired, first.State));
        var finalAudit = service.Audit(second.State);
        Figures.Record(output, "cancelled-apply", new Dictionary<string, object?>
        {
            ["connections"] = count, ["cancelledAfterSucceeded"] = cancelAfter, ["recordedAtCancel"] = first.State.Connections.Count,
            ["storedAtCancel"] = audit.Stored, ["inFlightAtCancel"] = inFlightKeys.Count, ["committedButUnrecordedAtCancel"] = committedUnrecorded.Length,
            ["danglingAtCancel"] = audit.Dangling.Count, ["secondRunAdopted"] = second.Applied.Count(a => a.Action == ConnectionAction.Adopt),
            ["finalStored"] = finalAudit.Stored, ["finalDuplicates"] = finalAudit.Duplicates, ["finalOrphans"] = finalAudit.Orphans.Count,
        });
        Assert.True(second.Succeeded, string.Join("\n", second.Errors));
        Assert.True(finalAudit.Clean, finalAudit.ToString());
        Assert.Equal(count, finalAudit.Stored);
    }

    internal static FlowServiceOptions ServiceOptions(EmulatorHost emulator, Action<FlowServiceOptions>? tune = null)
    {
        var options = new FlowServiceOptions
        {
            Endpoint = emulator.BaseAddress,
            ImsEndpoint = emulator.BaseAddress,
            ClientId = emulator.Options.ClientId,
            ClientSecret = emulator.Options.ClientSecret,
            OrgId = emulator.Options.OrgId,
        };
        tune?.Invoke(options);
        return options;
    }
}
