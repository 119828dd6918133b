namespace Provisioner.Emulator.Tests;

/// <summary><c>GET /connections/{id}/test</c> and the admin switch that makes a connection's credentials fail it.</summary>
public class ConnectionTestRouteTests : EmulatorSessionTests
{
    [Fact]
    public async Task A_stored_connection_passes_its_test()
    {
        var (id, _) = await Session.CreateMixpanelAsync("tested");
        var (status, body, _) = await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test");
        Assert.Equal(200, status);
        Assert.True((bool)body!["result"]!);
    }

    [Fact]
    public async Task Rejected_credentials_answer_result_false_until_accepted_again()
    {
        var (id, _) = await Session.CreateMixpanelAsync("rejected");
        var (other, _) = await Session.CreateMixpanelAsync("other");
        Session.Host.RejectCredentials(id);
        Assert.False((bool)(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
        Assert.True((bool)(await Session.SendAsync(HttpMethod.Get, $"/connections/{other}/test")).Body!["result"]!);
        Session.Host.AcceptCredentials(id);
        Assert.True((bool)(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
    }

    [Fact]
    public async Task The_admin_endpoint_rejects_credentials_over_HTTP_and_reset_accepts_them()
    {
        var (id, _) = await Session.CreateMixpanelAsync("admin");
        using (var reject = await Session.Http.PostAsync($"_emulator/connections/{id}/credentials/reject", null))
        {
            Assert.Equal(204, (int)reject.StatusCode);
        }
        Assert.False((bool)(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
        using (var unknown = await Session.Http.PostAsync("_emulator/connections/6f7c9a2e-0000-4000-8000-000000000000/credentials/reject", null))
        {
            Assert.Equal(404, (int)unknown.StatusCode);
        }
        using (var accept = await Session.Http.DeleteAsync($"_emulator/connections/{id}/credentials/reject"))
        {
            Assert.Equal(204, (int)accept.StatusCode);
        }
        Assert.True((bool)(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body!["result"]!);
    }

    [Fact]
    public async Task A_deleted_connection_is_not_found_with_the_missing_resource_code()
    {
        var (id, _) = await Session.CreateMixpanelAsync("gone");
        Assert.Equal(204, (await Session.SendAsync(HttpMethod.Delete, $"/connections/{id}")).Status);
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test"), 1101, 404);
    }

    [Fact]
    public async Task A_connection_of_another_sandbox_is_not_found()
    {
        var (id, _) = await Session.CreateMixpanelAsync("prod only");
        Session.Sandbox = "dev";
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test"), 1101, 404);
    }

    [Fact]
    public async Task The_test_route_needs_the_gateway_headers_like_every_Flow_Service_route()
    {
        var (id, _) = await Session.CreateMixpanelAsync("headers");
        using var request = Session.Request(HttpMethod.Get, $"/connections/{id}/test");
        request.Headers.Remove("Authorization");
        Assert.Equal(403, (await Session.SendAsync(request)).Status); // the OAS: 403 "The OAuth token is missing"
    }
}
