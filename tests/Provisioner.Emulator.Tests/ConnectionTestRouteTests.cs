namespace Provisioner.Emulator.Tests;

/// <summary><c>GET /connections/{id}/test</c> and the admin switch that makes a connection's credentials fail it.</summary>
public class ConnectionTestRouteTests
{
    [Fact]
    public async Task A_stored_connection_passes_its_test()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("tested");
        var (status, body, _) = await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test");
        Assert.Equal(200, status);
        Assert.True((bool)body!["result"]!);
    }

    [Fact]
    public async Task Rejected_credentials_answer_result_false_until_accepted_again()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("rejected");
        var (other, _) = await session.CreateMixpanelAsync("other");
        session.Host.RejectCredentials(id);
        Assert.False((bool)(await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
        Assert.True((bool)(await session.SendAsync(HttpMethod.Get, $"/connections/{other}/test")).Body!["result"]!);
        session.Host.AcceptCredentials(id);
        Assert.True((bool)(await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
    }

    [Fact]
    public async Task The_admin_endpoint_rejects_credentials_over_HTTP_and_reset_accepts_them()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("admin");
        using (var reject = await session.Http.PostAsync($"_emulator/connections/{id}/credentials/reject", null))
        {
            Assert.Equal(204, (int)reject.StatusCode);
        }
        Assert.False((bool)(await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
        using (var unknown = await session.Http.PostAsync("_emulator/connections/6f7c9a2e-0000-4000-8000-000000000000/credentials/reject", null))
        {
            Assert.Equal(404, (int)unknown.StatusCode);
        }
        using (var accept = await session.Http.DeleteAsync($"_emulator/connections/{id}/credentials/reject"))
        {
            Assert.Equal(204, (int)accept.StatusCode);
        }
        Assert.True((bool)(await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
    }

    [Fact]
    public async Task A_deleted_connection_is_not_found_with_the_missing_resource_code()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("gone");
        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/connections/{id}")).Status);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test"), 1101, 404);
    }

    [Fact]
    public async Task A_connection_of_another_sandbox_is_not_found()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("prod only");
        session.Sandbox = "dev";
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test"), 1101, 404);
    }

    [Fact]
    public async Task The_test_route_needs_the_gateway_headers_like_every_Flow_Service_route()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("headers");
        using var request = session.Request(HttpMethod.Get, $"/connections/{id}/test");
        request.Headers.Remove("Authorization");
        Assert.Equal(403, (await session.SendAsync(request)).Status); // the OAS: 403 "The OAuth token is missing"
    }
}
