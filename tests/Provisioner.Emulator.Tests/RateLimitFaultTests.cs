using System.Net.Http.Json;

namespace Provisioner.Emulator.Tests;

/// <summary>The token-bucket rate limit (issue 11): R requests a second and a burst of B per org, 429 beyond.</summary>
public class RateLimitFaultTests
{
    [Fact]
    public async Task A_burst_passes_then_429_with_Retry_After_until_the_bucket_refills()
    {
        var clock = new FakeTimeProvider();
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock });
        session.Host.Faults.LimitRate(requestsPerSecond: 2, burst: 3);

        for (var i = 0; i < 3; i++) Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        var refused = await session.SendAsync(HttpMethod.Post, "/connections", EmulatorSession.MixpanelBody("limited"));

        FlowAssert.Gateway(refused, 429, "429050");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Response.Headers.RetryAfter!.Delta); // 0.5 s to the next token, in whole seconds
        Assert.Empty(session.Host.GetStoredConnections()); // refused before the service
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        Assert.Equal(429, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        clock.Advance(TimeSpan.FromSeconds(60)); // refills to the burst, not beyond
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        Assert.Equal(429, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        Assert.Equal(3, session.Host.Faults.Rules.Single().Fired);
        Assert.Equal(3, session.Host.Journal.Entries.Count(e => e.Fault == "status:429"));
    }

    [Fact]
    public async Task Each_org_has_its_own_bucket()
    {
        var clock = new FakeTimeProvider();
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock });
        session.Host.Faults.LimitRate(requestsPerSecond: 1, burst: 1);
        Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        Assert.Equal(429, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);

        var other = session.Request(HttpMethod.Get, "/connections");
        other.Headers.Remove("x-gw-ims-org-id");
        other.Headers.Add("x-gw-ims-org-id", "OTHER@AdobeOrg");
        // Not rate-limited: it reaches the gateway, which refuses the unknown org for its own reason.
        Assert.Equal(403, (await session.SendAsync(other)).Status);
    }

    [Fact]
    public async Task The_rate_limit_is_switchable_through_the_admin_endpoint()
    {
        await using var session = await EmulatorSession.StartAsync();
        using var admin = new HttpClient { BaseAddress = session.Host.BaseAddress };

        using var add = await admin.PostAsJsonAsync("_emulator/faults", new JsonObject { ["kind"] = "rate-limit", ["requestsPerSecond"] = 0.01, ["burst"] = 2 });
        Assert.Equal(201, (int)add.StatusCode);
        var listed = JsonNode.Parse(await admin.GetStringAsync("_emulator/faults"))!["rules"]![0]!["rule"]!;
        Assert.Equal("rate-limit", (string?)listed["kind"]);
        Assert.Equal(2, (int?)listed["burst"]);
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        Assert.Equal([200, 200, 429, 429], statuses);

        using var bad = await admin.PostAsJsonAsync("_emulator/faults", new JsonObject { ["kind"] = "rate-limit", ["burst"] = 2 });
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("requestsPerSecond", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(204, (int)(await admin.DeleteAsync("_emulator/faults")).StatusCode);
        Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
    }
}
