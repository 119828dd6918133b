namespace Provisioner.FlowService.Tests.Unit;

/// <summary>IMS OAuth server-to-server: the exchange, caching until the refresh margin, single flight, 401 renewal.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task The_exchange_posts_the_client_credentials_form_and_the_token_is_reused()
    {
        var transport = new FakeTransport();
        using var client = TestClients.Create(transport, o => o.Scope = "openid,AdobeID");

        await client.GetConnectionAsync("a");
        await client.GetConnectionAsync("b");

        var ims = Assert.Single(transport.ImsRequests);
        Assert.Equal(HttpMethod.Post, ims.Method);
        Assert.Equal("https://ims.test/ims/token/v3", ims.Uri.AbsoluteUri);
        Assert.Equal("application/x-www-form-urlencoded", ims.Header("Content-Type"));
        Assert.Equal("client_credentials", FakeTransport.FormField(ims, "grant_type"));
        Assert.Equal(TestClients.ClientId, FakeTransport.FormField(ims, "client_id"));
        Assert.Equal(TestClients.ClientSecret, FakeTransport.FormField(ims, "client_secret"));
        Assert.Equal("openid,AdobeID", FakeTransport.FormField(ims, "scope"));
        Assert.Empty(ims.Uri.Query);
        Assert.All(transport.FlowRequests, r => Assert.Equal("Bearer token-1", r.Header("Authorization")));
    }

    /// <summary>With a 5-minute margin, a token is kept until expires_in minus the margin; a lifetime shorter than the
    /// margin is used for half its length instead of refreshing on every call.</summary>
    [Theory]
    [InlineData(3600, 3300)]
    [InlineData(60, 30)]
    public async Task The_token_is_kept_until_expires_in_minus_the_margin_or_half_a_lifetime_shorter_than_it(int lifetimeSeconds, int keptSeconds)
    {
        var time = new FakeTimeProvider();
        var transport = new FakeTransport(time) { TokenLifetimeSeconds = lifetimeSeconds };
        using var client = TestClients.Create(transport, o => o.TokenRefreshMargin = TimeSpan.FromMinutes(5), time);

        await client.GetConnectionAsync("a");
        time.Advance(TimeSpan.FromSeconds(keptSeconds) - TimeSpan.FromMilliseconds(1));
        await client.GetConnectionAsync("b");
        Assert.Equal(1, transport.TokensIssued);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await client.GetConnectionAsync("c");

        Assert.Equal(2, transport.TokensIssued);
        Assert.Equal("Bearer token-2", transport.FlowRequests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_repeats_the_request()
    {
        var transport = new FakeTransport().Responding(request => request.Header("Authorization") == "Bearer token-1"
            ? Responses.Json(HttpStatusCode.Unauthorized, """{"error_code":"401013","message":"Oauth token is not valid"}""")
            : Responses.Page(null, Responses.ConnectionJson("c-1", "n")));
        using var client = TestClients.Create(transport);

        var connection = await client.GetConnectionAsync("c-1");

        Assert.Equal("c-1", connection!.Id);
        Assert.Equal(2, transport.TokensIssued);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], transport.FlowRequests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task A_401_on_create_is_repeated_once_because_the_gateway_rejected_it_before_the_service_ran()
    {
        var transport = new FakeTransport().Responding(request => request.Header("Authorization") == "Bearer token-1"
            ? Responses.Json(HttpStatusCode.Unauthorized, """{"error_code":"401013","message":"Oauth token is not valid"}""")
            : Responses.Created("c-1"));
        using var client = TestClients.Create(transport);

        Assert.Equal("c-1", (await client.CreateConnectionAsync(Samples.Mixpanel())).Id);
        Assert.Equal(2, transport.FlowRequests.Count);
        Assert.Equal(transport.FlowRequests[0].Body, transport.FlowRequests[1].Body);
    }

    [Fact]
    public async Task A_second_401_is_final()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.Json(HttpStatusCode.Unauthorized, """{"error_code":"401013","message":"Oauth token is not valid"}"""));
        var error = await TestClients.FailureOf(transport, client => client.GetConnectionAsync("c-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("401013", error.ErrorCode);
        Assert.Equal(2, transport.FlowRequests.Count);
        Assert.Equal(2, transport.TokensIssued);
    }

    [Fact]
    public async Task A_static_access_token_is_sent_as_is_without_an_exchange_and_a_401_is_final()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Status(HttpStatusCode.Unauthorized));
        using var client = TestClients.Create(transport, o =>
        {
            o.ClientSecret = null;
            o.AccessToken = "static-token";
        });

        await Assert.ThrowsAsync<FlowServiceException>(() => client.GetConnectionAsync("c-1"));

        Assert.Empty(transport.ImsRequests);
        Assert.Equal("Bearer static-token", Assert.Single(transport.FlowRequests).Header("Authorization"));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_exchange()
    {
        var release = new TaskCompletionSource();
        var transport = new FakeTransport();
        transport.RespondToIms = async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return Responses.Json(HttpStatusCode.OK, $$"""{"access_token":"{{transport.IssueToken()}}","expires_in":3600}""");
        };
        using var client = TestClients.Create(transport);

        var calls = Enumerable.Range(0, 16).Select(i => client.GetConnectionAsync($"c-{i}")).ToList();
        await Eventually.UntilAsync(() => transport.ImsRequests.Count >= 1);
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Single(transport.ImsRequests);
        Assert.Equal(16, transport.FlowRequests.Count);
        Assert.All(transport.FlowRequests, r => Assert.Equal("Bearer token-1", r.Header("Authorization")));
    }

    [Fact]
    public async Task Concurrent_401s_with_the_same_token_cause_one_renewal()
    {
        const int callers = 8;
        var holdingToken1 = 0;
        var allArrived = new TaskCompletionSource();
        var transport = new FakeTransport();
        transport.Respond = async (request, ct) =>
        {
            if (request.Header("Authorization") != "Bearer token-1")
            {
                return Responses.Page(null);
            }

            // Hold every first attempt until all callers sent token-1, so all of them see the 401 together.
            if (Interlocked.Increment(ref holdingToken1) == callers)
            {
                allArrived.SetResult();
            }

            await allArrived.Task.WaitAsync(ct);
            return Responses.Status(HttpStatusCode.Unauthorized);
        };
        using var client = TestClients.Create(transport);

        await Task.WhenAll(Enumerable.Range(0, callers).Select(i => client.GetConnectionAsync($"c-{i}")));

        Assert.Equal(2, transport.TokensIssued);
        Assert.Equal(callers, transport.FlowRequests.Count(r => r.Header("Authorization") == "Bearer token-2"));
    }

    [Fact]
    public async Task An_ims_error_names_the_token_operation_and_the_oauth_error_without_the_secret()
    {
        var transport = new FakeTransport
        {
            RespondToIms = (request, _) => Task.FromResult(Responses.Json(HttpStatusCode.BadRequest,
                $$"""{"error":"invalid_client","error_description":"invalid client_secret {{FakeTransport.FormField(request, "client_secret")}}"}""")),
        };
        var error = await TestClients.FailureOf(transport, client => client.GetConnectionAsync("c-1"));

        Assert.Equal("POST /ims/token/v3", error.Operation);
        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.DoesNotContain(TestClients.ClientSecret, error.Message);
        Assert.DoesNotContain(TestClients.ClientSecret, error.Detail);
        Assert.Contains("invalid client_secret ***", error.Message);
        Assert.Empty(transport.FlowRequests);
    }

    [Fact]
    public async Task A_token_response_without_access_token_is_a_clear_error()
    {
        var transport = new FakeTransport
        {
            RespondToIms = (_, _) => Task.FromResult(Responses.Json(HttpStatusCode.OK, """{"token_type":"bearer","expires_in":10}""")),
        };
        var error = await TestClients.FailureOf(transport, client => client.GetConnectionAsync("c-1"));
        Assert.Contains("POST /ims/token/v3 returned HTTP 200 with an unusable body: the token response has no access_token", error.Message);
    }

    [Fact]
    public void Without_client_secret_or_access_token_creation_fails_naming_both_settings()
    {
        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(new FakeTransport(), o => o.ClientSecret = null));

        Assert.Contains("ClientSecret", error.Message);
        Assert.Contains("AccessToken", error.Message);
    }
}
