namespace Provisioner.Emulator.Tests;

public class PatchConnectionTests
{
    private static JsonArray Ops(params (string Op, string Path, JsonNode? Value)[] ops) =>
        new(ops.Select(o =>
        {
            var op = new JsonObject { ["op"] = o.Op, ["path"] = o.Path };
            if (o.Op != "remove") op["value"] = o.Value;
            return (JsonNode)op;
        }).ToArray());

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Patch_with_the_current_etag_applies_returns_a_new_etag_and_bumps_updatedAt(string trailing)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock });
        var (id, etag) = await session.CreateMixpanelAsync("before");
        clock.Advance(TimeSpan.FromSeconds(5));

        var (status, body, _) = await session.SendAsync(HttpMethod.Patch, $"/connections/{id}{trailing}",
            Ops(("REPLACE", "/name", "after"), ("Add", "/description", "now described")), etag);

        Assert.Equal(200, status);
        Assert.Equal(id, (string?)body!["id"]);
        var newEtag = (string)body["etag"]!;
        Assert.NotEqual(etag, newEtag);
        Assert.StartsWith("\"", newEtag, StringComparison.Ordinal);
        var item = await session.GetItemAsync(id);
        Assert.Equal("after", (string?)item["name"]);
        Assert.Equal("now described", (string?)item["description"]);
        Assert.Equal(newEtag, (string?)item["etag"]);
        Assert.Equal(newEtag, (string?)item["version"]);
        Assert.Equal(1_700_000_005_000, (long)item["updatedAt"]!);
        Assert.Equal(1_700_000_000_000, (long)item["createdAt"]!);
    }

    [Fact]
    public async Task Missing_If_Match_is_FLOW_1403()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("x");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops(("replace", "/name", "y"))), 1403, 400, "If-Match");
    }

    [Fact]
    public async Task Stale_or_unquoted_etags_are_412_FLOW_1404_and_change_nothing()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, etag) = await session.CreateMixpanelAsync("x");
        var (_, second) = (id, (string)(await session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops(("replace", "/name", "y")), etag)).Body!["etag"]!);

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops(("replace", "/name", "z")), etag), 1404, 412, "does not match");
        var unquoted = await session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops(("replace", "/name", "z")), second.Trim('"'));
        FlowAssert.Problem(unquoted, 1404, 412, "double quotes");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops(("replace", "/name", "z")), "*"), 1404, 412);
        Assert.Equal("y", (string?)(await session.GetItemAsync(id))["name"]);
    }

    [Fact]
    public async Task Replacing_auth_params_replaces_the_whole_map_and_is_revalidated()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, etag) = await session.CreateMixpanelAsync("x");

        var partial = await session.SendAsync(HttpMethod.Patch, $"/connections/{id}",
            Ops(("replace", "/auth/params", new JsonObject { ["password"] = "new" })), etag);
        FlowAssert.Problem(partial, 1304, 400, "auth.params.host");

        var full = await session.SendAsync(HttpMethod.Patch, $"/connections/{id}",
            Ops(("replace", "/auth/params", new JsonObject { ["host"] = "https://h2", ["username"] = "u2", ["password"] = "p2" })), etag);
        Assert.Equal(200, full.Status);
        var stored = Assert.Single(session.Host.GetStoredConnections());
        Assert.Equal(["host", "password", "username"], stored.AuthParams.Keys.Order());
        Assert.Equal("p2", stored.AuthParams["password"].GetString());
    }

    [Fact]
    public async Task Single_auth_params_are_added_replaced_and_removed_with_RFC6901_escaping()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, etag) = await session.CreateMixpanelAsync("x");

        var result = await session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops(
            ("replace", "/auth/params/password", "rotated"),
            ("add", "/auth/params/a~1b~0c", "odd key"),
            ("add", "/auth/params/temp", "t"),
            ("remove", "/auth/params/temp", null)), etag);

        Assert.Equal(200, result.Status);
        var stored = Assert.Single(session.Host.GetStoredConnections());
        Assert.Equal("rotated", stored.AuthParams["password"].GetString());
        Assert.Equal("odd key", stored.AuthParams["a/b~c"].GetString());
        Assert.False(stored.AuthParams.ContainsKey("temp"));
    }

    [Theory]
    [InlineData("replace", "/connectionSpec", 1414)]
    [InlineData("replace", "/connectionSpec/id", 1414)]
    [InlineData("replace", "/auth/specName", 1302)]
    [InlineData("replace", "/description", 1455)]
    [InlineData("remove", "/description", 1455)]
    [InlineData("remove", "/auth/params/nope", 1455)]
    [InlineData("replace", "/auth/params/nope", 1455)]
    [InlineData("remove", "/name", 1455)]
    [InlineData("replace", "/id", 1455)]
    [InlineData("move", "/name", 1455)]
    [InlineData("add", "/auth/params/a~2b", 1455)]
    [InlineData("remove", "/auth/params/password", 1304)]
    public async Task Invalid_patch_operations_are_rejected_and_change_nothing(string op, string path, int code)
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, etag) = await session.CreateMixpanelAsync("x");
        var before = Assert.Single(session.Host.GetStoredConnections());

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops((op, path, "v")), etag), code, 400);
        Assert.Equal(before, Assert.Single(session.Host.GetStoredConnections()));
    }

    [Theory]
    [InlineData("""{"op":"replace","path":"/name","value":"y"}""")]
    [InlineData("""[{"path":"/name","value":"y"}]""")]
    [InlineData("""[{"op":"replace","value":"y"}]""")]
    [InlineData("""[{"op":"replace","path":"/name"}]""")]
    [InlineData("""[{"op":"replace","path":"/name","value":""}]""")]
    [InlineData("""[{"op":"replace","path":"/auth/params/password","value":5}]""")]
    [InlineData("""[7]""")]
    public async Task Malformed_patch_bodies_are_400(string json)
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, etag) = await session.CreateMixpanelAsync("x");
        using var request = session.Request(HttpMethod.Patch, $"/connections/{id}", ifMatch: etag);
        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json-patch+json");
        var (status, body, _) = await session.SendAsync(request);
        Assert.True(status == 400, $"{status} {body}");
        Assert.StartsWith("https://ns.adobe.com/aep/errors/FLOW-", (string?)body!["type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_of_an_unknown_connection_is_404()
    {
        await using var session = await EmulatorSession.StartAsync();
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, "/connections/unknown", Ops(("replace", "/name", "y")), "\"e\""), 1101, 404);
    }

    [Fact]
    public async Task Concurrent_patches_with_the_same_etag_have_exactly_one_winner()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, etag) = await session.CreateMixpanelAsync("x");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            session.SendAsync(HttpMethod.Patch, $"/connections/{id}", Ops(("replace", "/name", $"n{i}")), etag)));

        Assert.Equal(1, results.Count(r => r.Status == 200));
        Assert.Equal(7, results.Count(r => r.Status == 412));
        var winner = results.Single(r => r.Status == 200);
        Assert.Equal((string?)winner.Body!["etag"], (string?)(await session.GetItemAsync(id))["etag"]);
    }
}
