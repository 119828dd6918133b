using System.Net.Http.Headers;
using System.Text;

namespace Provisioner.Emulator.Tests;

public class GatewayHeaderTests : EmulatorSessionTests
{
    [Theory]
    [InlineData("Authorization", null, 403, "403010")]
    [InlineData("Authorization", "Bearer not-a-real-token", 401, "401013")]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz", 403, "403010")]
    [InlineData("x-api-key", null, 403, "403000")]
    [InlineData("x-api-key", "someone-else", 403, "403003")]
    [InlineData("x-gw-ims-org-id", null, 400, "400003")]
    [InlineData("x-gw-ims-org-id", "OTHER@AdobeOrg", 403, "403025")]
    public async Task Gateway_header_problems_get_gateway_error_bodies(string header, string? value, int status, string code)
    {
        using var request = Session.Request(HttpMethod.Get, "/connections");
        request.Headers.Remove(header);
        if (value is not null) request.Headers.TryAddWithoutValidation(header, value);

        var result = await Session.SendAsync(request);

        FlowAssert.Gateway(result, status, code);
        Assert.True(result.Response.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task Missing_sandbox_is_FLOW_2105_and_unknown_sandbox_FLOW_2100()
    {
        using var missing = Session.Request(HttpMethod.Get, "/connections");
        missing.Headers.Remove("x-sandbox-name");
        FlowAssert.Problem(await Session.SendAsync(missing), 2105, 400, "x-sandbox-name");

        Session.Sandbox = "nope";
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, "/connections"), 2100, 404, "nope");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Bodies_need_a_json_content_type(string? contentType)
    {
        using var request = Session.Request(HttpMethod.Post, "/connections");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(EmulatorSession.MixpanelBody("x").ToJsonString()));
        if (contentType is not null) request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var (status, body, _) = await Session.SendAsync(request);

        Assert.Equal(400, status);
        Assert.Equal("BadRequestError", (string?)body!["title"]);
        Assert.Equal("A valid content-type must be specified", (string?)body["detail"]);
        Assert.Empty(Session.Host.GetStoredConnections());
    }

    [Fact]
    public async Task Every_response_carries_an_x_request_id_and_a_sent_one_is_echoed()
    {
        using var request = Session.Request(HttpMethod.Get, "/connections/does-not-exist");
        request.Headers.Add("x-request-id", "my-trace-123");
        var (_, body, response) = await Session.SendAsync(request);
        Assert.Equal("my-trace-123", response.Headers.GetValues("x-request-id").Single());
        Assert.Equal("my-trace-123", (string?)body!["report"]!["request-id"]);

        var ok = await Session.SendAsync(HttpMethod.Get, "/connections");
        var id1 = ok.Response.Headers.GetValues("x-request-id").Single();
        var ok2 = await Session.SendAsync(HttpMethod.Get, "/connections");
        Assert.NotEqual(id1, ok2.Response.Headers.GetValues("x-request-id").Single());

        using var bare = new HttpClient { BaseAddress = Session.Host.BaseAddress };
        using var unauthenticated = await bare.GetAsync("data/foundation/flowservice/connections");
        Assert.True(unauthenticated.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task Unknown_paths_get_a_FLOW_404_body_with_the_no_such_endpoint_code()
    {
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, "/nothing-here"), 9404, 404);
    }

    [Fact]
    public async Task Connections_are_scoped_by_sandbox()
    {
        var (id, etag) = await Session.CreateMixpanelAsync("prod-only");

        Session.Sandbox = "dev";
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}"), 1101, 404);
        var list = await Session.SendAsync(HttpMethod.Get, "/connections");
        Assert.Empty(list.Body!["items"]!.AsArray());
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Patch, $"/connections/{id}", new JsonArray(), etag), 1101, 404);
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Delete, $"/connections/{id}"), 1101, 404);

        Session.Sandbox = "prod";
        Assert.Equal(200, (await Session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Status);
    }
}
