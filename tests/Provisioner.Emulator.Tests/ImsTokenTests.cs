using System.Net.Http.Headers;

namespace Provisioner.Emulator.Tests;

public class ImsTokenTests
{
    private static FormUrlEncodedContent Form(string? grant = "client_credentials", string? id = "emulator-client-id", string? secret = "emulator-client-secret")
    {
        var fields = new Dictionary<string, string>();
        if (grant is not null) fields["grant_type"] = grant;
        if (id is not null) fields["client_id"] = id;
        if (secret is not null) fields["client_secret"] = secret;
        fields["scope"] = "openid,AdobeID";
        return new FormUrlEncodedContent(fields);
    }

    [Fact]
    public async Task Client_credentials_give_a_bearer_token_with_expiry_in_seconds()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.PostAsync("ims/token/v3", Form());
        var body = await EmulatorSession.ReadJsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)body!["access_token"]));
        Assert.Equal("bearer", (string?)body["token_type"]);
        Assert.Equal(86400, (long)body["expires_in"]!);
        Assert.Equal(host.ImsTokenEndpoint, new Uri(host.BaseAddress, "ims/token/v3"));
    }

    [Theory]
    [InlineData("emulator-client-id", "wrong-secret")]
    [InlineData("wrong-id", "emulator-client-secret")]
    public async Task Wrong_credentials_are_invalid_client(string id, string secret)
    {
        await using var host = await EmulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.PostAsync("ims/token/v3", Form(id: id, secret: secret));
        var body = await EmulatorSession.ReadJsonAsync(response);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("invalid_client", (string?)body!["error"]);
        Assert.False(string.IsNullOrEmpty((string?)body["error_description"]));
        Assert.DoesNotContain(secret, body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_parameters_and_other_grant_types_are_rejected_with_400()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var missing = await http.PostAsync("ims/token/v3", Form(secret: null));
        using var grant = await http.PostAsync("ims/token/v3", Form(grant: "password"));

        Assert.Equal(400, (int)missing.StatusCode);
        Assert.Equal("invalid_request", (string?)(await EmulatorSession.ReadJsonAsync(missing))!["error"]);
        Assert.Contains("client_secret", (string?)(await EmulatorSession.ReadJsonAsync(missing))!["error_description"], StringComparison.Ordinal);
        Assert.Equal(400, (int)grant.StatusCode);
        Assert.Equal("unsupported_grant_type", (string?)(await EmulatorSession.ReadJsonAsync(grant))!["error"]);
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var session = await EmulatorSession.StartAsync(new EmulatorOptions { TimeProvider = clock, TokenLifetime = TimeSpan.FromMinutes(10) });

        Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(200, (await session.SendAsync(HttpMethod.Get, "/connections")).Status);
        clock.Advance(TimeSpan.FromMinutes(1));
        FlowAssert.Gateway(await session.SendAsync(HttpMethod.Get, "/connections"), 401, "401013");
    }

    [Fact]
    public async Task Revoked_tokens_get_401013_and_static_tokens_are_accepted()
    {
        var options = new EmulatorOptions();
        options.StaticTokens.Add("user-static-token");
        await using var session = await EmulatorSession.StartAsync(options);
        session.Host.RevokeAccessTokens();
        FlowAssert.Gateway(await session.SendAsync(HttpMethod.Get, "/connections"), 401, "401013");

        using var request = session.Request(HttpMethod.Get, "/connections");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "user-static-token");
        Assert.Equal(200, (await session.SendAsync(request)).Status);
    }

    [Fact]
    public async Task Query_string_credentials_work_and_the_journal_redacts_the_secret()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.PostAsync(
            "ims/token/v3?grant_type=client_credentials&client_id=emulator-client-id&client_secret=emulator-client-secret", null);

        Assert.Equal(200, (int)response.StatusCode);
        var entry = Assert.Single(host.Journal.Entries);
        Assert.DoesNotContain("emulator-client-secret", entry.Query, StringComparison.Ordinal);
        Assert.Contains("client_secret=***", entry.Query, StringComparison.Ordinal);
    }
}
