namespace Provisioner.Emulator.Tests;

public class ReadAndDeleteTests
{
    [Fact]
    public async Task Get_wraps_one_item_with_every_server_field_and_masks_secrets()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock });
        var (id, etag) = await session.CreateAsync(EmulatorSession.MixpanelBody("Mixpanel base connection", "pw-never-shown", "desc"));

        var (status, body, _) = await session.SendAsync(HttpMethod.Get, $"/connections/{id}");

        Assert.Equal(200, status);
        var item = Assert.Single(body!["items"]!.AsArray())!;
        Assert.Equal(id, (string?)item["id"]);
        Assert.Equal(1_700_000_000_000, (long)item["createdAt"]!);
        Assert.Equal(1_700_000_000_000, (long)item["updatedAt"]!);
        Assert.Equal("emulator-client-id@AdobeID", (string?)item["createdBy"]);
        Assert.Equal("emulator-client-id", (string?)item["createdClient"]);
        Assert.True(Guid.TryParse((string?)item["sandboxId"], out _));
        Assert.Equal("prod", (string?)item["sandboxName"]);
        Assert.Equal("EMULATOR00000000000000000@AdobeOrg", (string?)item["imsOrgId"]);
        Assert.Equal("Mixpanel base connection", (string?)item["name"]);
        Assert.Equal("desc", (string?)item["description"]);
        Assert.Equal(EmulatorSession.MixpanelSpec, (string?)item["connectionSpec"]!["id"]);
        Assert.Equal("1.0", (string?)item["connectionSpec"]!["version"]);
        Assert.Equal("enabled", (string?)item["state"]);
        Assert.Equal("Basic Authentication", (string?)item["auth"]!["specName"]);
        Assert.Equal("https://data.mixpanel.com", (string?)item["auth"]!["params"]!["host"]);
        Assert.Equal("user", (string?)item["auth"]!["params"]!["username"]);
        Assert.Equal("xxxx", (string?)item["auth"]!["params"]!["password"]);
        Assert.Equal(etag, (string?)item["etag"]);
        Assert.Equal(etag, (string?)item["version"]);
        Assert.DoesNotContain("pw-never-shown", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_id_is_stable_per_sandbox()
    {
        await using var session = await EmulatorSession.StartAsync();
        var a = await session.GetItemAsync((await session.CreateMixpanelAsync("a")).Id);
        var b = await session.GetItemAsync((await session.CreateMixpanelAsync("b")).Id);
        session.Sandbox = "dev";
        var c = await session.GetItemAsync((await session.CreateMixpanelAsync("c")).Id);

        Assert.Equal((string?)a["sandboxId"], (string?)b["sandboxId"]);
        Assert.NotEqual((string?)a["sandboxId"], (string?)c["sandboxId"]);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_FLOW_1101_404()
    {
        await using var session = await EmulatorSession.StartAsync();
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, "/connections/9f0c1e4e-0000-0000-0000-000000000000"), 1101, 404, "9f0c1e4e-0000-0000-0000-000000000000");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Delete_is_204_then_get_and_delete_are_404(string trailing)
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("to delete");
        var keep = await session.CreateMixpanelAsync("keep");

        var (status, body, response) = await session.SendAsync(HttpMethod.Delete, $"/connections/{id}{trailing}");
        Assert.Equal(204, status);
        Assert.Null(body);
        Assert.True(response.Headers.Contains("x-request-id"));

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, $"/connections/{id}"), 1101, 404);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Delete, $"/connections/{id}{trailing}"), 1101, 404);
        Assert.Equal(keep.Id, Assert.Single(session.Host.GetStoredConnections()).Id);
    }
}
