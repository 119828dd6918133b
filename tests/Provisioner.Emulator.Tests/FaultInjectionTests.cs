using System.Net.Http.Json;

namespace Provisioner.Emulator.Tests;

public class FaultInjectionTests
{
    [Fact]
    public async Task Faults_are_off_by_default()
    {
        await using var session = await EmulatorSession.StartAsync();
        Assert.False(session.Host.Faults.Enabled);
        for (var i = 0; i < 25; i++) await session.CreateMixpanelAsync($"c{i}");
        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => session.SendAsync(HttpMethod.Get, "/connections?limit=5")));
        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Equal(0, session.Host.Faults.InjectedCount);
        Assert.All(session.Host.Journal.Entries, e => Assert.Null(e.Fault));
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_Retry_After_and_the_request_never_reaches_the_service()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Host.Faults.RateLimit(1.0, TimeSpan.FromSeconds(2.5), method: "POST", path: "/connections");

        var result = await session.SendAsync(HttpMethod.Post, "/connections", EmulatorSession.MixpanelBody("limited"));

        FlowAssert.Gateway(result, 429, "429050");
        Assert.Equal(TimeSpan.FromSeconds(3), result.Response.Headers.RetryAfter!.Delta);
        Assert.Empty(session.Host.GetStoredConnections());
        Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status); // GET not selected
        Assert.Equal("status:429", session.Host.Journal.Matching("POST", EmulatorPaths.Connections).Single().Fault);
    }

    [Theory]
    [InlineData(503, 1103)]
    [InlineData(504, 1104)]
    [InlineData(500, 1102)]
    public async Task Server_errors_have_FLOW_bodies(int status, int code)
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Host.Faults.FailNext(1, status);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, "/connections"), code, status);
        Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        Assert.False(session.Host.Faults.Enabled);
    }

    [Fact]
    public async Task Bad_gateway_has_a_gateway_body()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Host.Faults.FailNext(1, 502);
        FlowAssert.Gateway(await session.SendAsync(HttpMethod.Get, "/connections"), 502, "502000");
    }

    [Fact]
    public async Task Next_N_requests_fail_then_the_rule_retires()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Host.Faults.FailNext(3, 503, method: "GET", path: "/connections/*");
        var (id, _) = await session.CreateMixpanelAsync("x");

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++) statuses.Add((await session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Status);

        Assert.Equal([503, 503, 503, 200, 200], statuses);
        Assert.Equal(3, session.Host.Faults.InjectedCount);
    }

    [Fact]
    public async Task A_seeded_rate_gives_the_same_pattern_every_time()
    {
        async Task<string> PatternAsync()
        {
            await using var session = await EmulatorSession.StartAsync();
            session.Host.Faults.Seed(42);
            session.Host.Faults.Fail(0.3, 503);
            var pattern = "";
            for (var i = 0; i < 60; i++) pattern += (await session.SendAsync(HttpMethod.Get, "/connections")).Status == 503 ? 'x' : '.';
            return pattern;
        }

        var first = await PatternAsync();
        Assert.Equal(first, await PatternAsync());
        Assert.InRange(first.Count(c => c == 'x'), 8, 30); // a 30 % rate: not none, not all
    }

    [Fact]
    public async Task Latency_delays_the_request_on_the_injected_clock()
    {
        var clock = new TimerSignallingClock();
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock });
        session.Host.Faults.AddLatency(TimeSpan.FromSeconds(30), path: "/connections");

        var pending = session.SendAsync(HttpMethod.Get, "/connections");
        // Advance only once the request waits on the clock: a timer created after the advance would never fire.
        await clock.TimerCreated.WaitAsync(TimeSpan.FromMinutes(1)); // hang guard only
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, session.Host.Journal.InFlight);
        var idle = session.Host.Journal.WhenIdleAsync();
        Assert.False(idle.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await pending).Status);
        await idle.WaitAsync(TimeSpan.FromMinutes(1)); // hang guard only
        Assert.Equal(0, session.Host.Journal.InFlight);
        Assert.Equal("latency", session.Host.Journal.Entries[^1].Fault);
    }

    [Fact]
    public async Task Drop_after_commit_stores_the_connection_but_the_client_gets_no_response()
    {
        await using var session = await EmulatorSession.StartAsync();
        session.Host.Faults.DropResponseAfterCommit(count: 1);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => session.SendAsync(HttpMethod.Post, "/connections", EmulatorSession.MixpanelBody("committed")));

        var stored = Assert.Single(session.Host.GetStoredConnections());
        Assert.Equal("committed", stored.Name);
        var list = await session.SendAsync(HttpMethod.Get, "/connections?property=name==committed");
        Assert.Single(list.Body!["items"]!.AsArray());
        var entry = session.Host.Journal.Matching("POST", EmulatorPaths.Connections).Single();
        Assert.Equal("drop", entry.Fault);
        Assert.True(entry.Aborted);
        Assert.Equal(201, entry.Status);
    }

    [Fact]
    public async Task Delay_response_commits_first_and_answers_only_after_the_delay()
    {
        var clock = new FakeTimeProvider();
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock });
        session.Host.Faults.DelayResponseAfterCommit(TimeSpan.FromSeconds(30), count: 1);

        var pending = session.SendAsync(HttpMethod.Post, "/connections", EmulatorSession.MixpanelBody("held"));
        // The write is visible on the service while the client still waits for its answer.
        await Eventually.UntilAsync(() => session.Host.GetStoredConnections().Count > 0);
        var stored = Assert.Single(session.Host.GetStoredConnections());
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(30));
        var answered = await pending;

        Assert.Equal(201, answered.Status);
        Assert.Equal(stored.Id, (string?)answered.Body!["id"]);
        Assert.Equal("delay-response", session.Host.Journal.Matching("POST", EmulatorPaths.Connections).Single().Fault);
    }

    [Fact]
    public async Task Delay_response_is_available_through_the_admin_format()
    {
        await using var session = await EmulatorSession.StartAsync();
        using var admin = new HttpClient { BaseAddress = session.Host.BaseAddress };

        using var add = await admin.PostAsJsonAsync("_emulator/faults", new JsonObject { ["kind"] = "delay-response", ["latencyMs"] = 1500, ["method"] = "POST", ["path"] = "/connections" });

        Assert.Equal(201, (int)add.StatusCode);
        var rule = Assert.Single(session.Host.Faults.Rules).Rule;
        Assert.Equal(FaultKind.DelayResponse, rule.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), rule.Latency);
        var listed = JsonNode.Parse(await admin.GetStringAsync("_emulator/faults"))!.ToJsonString();
        Assert.Contains("\"delay-response\"", listed, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => session.Host.Faults.Add(new FaultRule { Kind = FaultKind.DelayResponse }));
    }

    [Fact]
    public async Task Invalid_rules_are_refused()
    {
        await using var host = await EmulatorHost.StartAsync();
        Assert.Throws<ArgumentException>(() => host.Faults.Fail(0, 503));
        Assert.Throws<ArgumentException>(() => host.Faults.Fail(1.5, 503));
        Assert.Throws<ArgumentException>(() => host.Faults.FailNext(0));
        Assert.Throws<ArgumentException>(() => host.Faults.FailNext(1, 200));
        Assert.Throws<ArgumentException>(() => host.Faults.Add(new FaultRule { Kind = FaultKind.Latency }));
        Assert.Throws<ArgumentException>(() => host.Faults.Add(new FaultRule { Path = "connections" }));
        Assert.False(host.Faults.Enabled);
    }

    [Fact]
    public async Task Admin_endpoints_control_faults_journal_and_reset_from_another_process()
    {
        await using var session = await EmulatorSession.StartAsync();
        using var admin = new HttpClient { BaseAddress = session.Host.BaseAddress };

        using var add = await admin.PostAsJsonAsync("_emulator/faults", new JsonObject
        {
            ["seed"] = 7,
            ["rules"] = new JsonArray(new JsonObject { ["kind"] = "status", ["status"] = 429, ["retryAfterSeconds"] = 4, ["count"] = 1, ["method"] = "GET", ["path"] = "/connections" }),
        });
        Assert.Equal(201, (int)add.StatusCode);
        var limited = await session.SendAsync(HttpMethod.Get, "/connections");
        Assert.Equal(429, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(4), limited.Response.Headers.RetryAfter!.Delta);

        using var bad = await admin.PostAsJsonAsync("_emulator/faults", new JsonObject { ["kind"] = "explode" });
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("explode", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var drop = await admin.PostAsJsonAsync("_emulator/faults", new JsonObject { ["kind"] = "drop", ["method"] = "POST", ["path"] = "/connections" });
        Assert.Equal(201, (int)drop.StatusCode);
        Assert.True(session.Host.Faults.Enabled);
        Assert.Equal(204, (int)(await admin.DeleteAsync("_emulator/faults")).StatusCode);
        Assert.False(session.Host.Faults.Enabled);

        await session.CreateMixpanelAsync("via admin", "admin-secret");
        var journal = JsonNode.Parse(await admin.GetStringAsync("_emulator/journal"))!["entries"]!.AsArray();
        Assert.Contains(journal, e => (string?)e!["method"] == "POST" && (int)e["status"]! == 201);
        Assert.DoesNotContain(journal, e => ((string)e!["path"]!).StartsWith("/_emulator", StringComparison.Ordinal));

        var connections = await admin.GetStringAsync("_emulator/connections");
        Assert.Contains("via admin", connections, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-secret", connections, StringComparison.Ordinal);

        Assert.Equal(204, (int)(await admin.DeleteAsync("_emulator/journal")).StatusCode);
        Assert.Empty(session.Host.Journal.Entries);
        Assert.Equal(204, (int)(await admin.PostAsync("_emulator/reset", null)).StatusCode);
        Assert.Empty(session.Host.GetStoredConnections());

        Assert.Equal(204, (int)(await admin.PostAsync("_emulator/tokens/revoke", null)).StatusCode);
        Assert.Equal(401, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
    }

    /// <summary>A fake clock that says when the first timer is created on it (the latency fault's delay).</summary>
    private sealed class TimerSignallingClock : FakeTimeProvider
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _timerCreated.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timerCreated.TrySetResult();
            return timer;
        }
    }
}
