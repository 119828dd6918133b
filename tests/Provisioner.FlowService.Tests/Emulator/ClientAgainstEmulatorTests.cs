namespace Provisioner.FlowService.Tests.Emulator;

/// <summary>The whole client (IMS exchange, headers, retries, paging, errors) over real loopback HTTP.</summary>
public sealed class ClientAgainstEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => emulator.Host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Mixpanel_connection_is_created_with_a_quoted_etag_and_reads_back_with_the_password_masked()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var request = Samples.Mixpanel(password: "seed-password-1");

        var created = await client.CreateConnectionAsync(request);

        Assert.False(string.IsNullOrEmpty(created.Id));
        Assert.Matches("^\".+\"$", created.Etag);
        var read = await client.GetConnectionAsync(created.Id);
        Assert.NotNull(read);
        Assert.Equal(request.Name, read.Name);
        Assert.Equal(created.Etag, read.Etag);
        Assert.Equal(Samples.MixpanelSpecId, read.ConnectionSpec.Id);
        Assert.Equal("Basic Authentication", read.Auth!.SpecName);
        Assert.Equal("https://data.mixpanel.com", (string?)read.Auth.Params["host"]);
        Assert.Equal("mixpanel-user", (string?)read.Auth.Params["username"]);
        Assert.NotEqual("seed-password-1", (string?)read.Auth.Params["password"]);
        Assert.DoesNotContain("seed-password-1", read.Auth.Params.ToJsonString());
    }

    [Fact]
    public async Task Update_with_the_current_etag_succeeds_and_with_a_stale_one_gets_412_with_code_and_re_read_guidance()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(Samples.Mixpanel());

        var updated = await client.UpdateConnectionAsync(created.Id, created.Etag,
            [JsonPatchOperation.Replace("/name", "Mixpanel renamed"), JsonPatchOperation.Add("/description", "new description")]);
        Assert.NotEqual(created.Etag, updated.Etag);
        Assert.Equal("Mixpanel renamed", (await client.GetConnectionAsync(created.Id))!.Name);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() =>
            client.UpdateConnectionAsync(created.Id, created.Etag, [JsonPatchOperation.Replace("/name", "lost update")]));

        Assert.True(error.IsPreconditionFailed);
        Assert.Equal("FLOW-1404-412", error.ErrorCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Contains("Re-read the connection", error.Message);
        Assert.Contains("FLOW-1404-412", error.Message);
        Assert.Equal("Mixpanel renamed", (await client.GetConnectionAsync(created.Id))!.Name);
    }

    [Fact]
    public async Task Replacing_auth_params_changes_the_secret_without_ever_reading_it_back()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(Samples.Mixpanel());

        await client.UpdateConnectionAsync(created.Id, created.Etag,
        [
            JsonPatchOperation.Replace("/auth/params", new JsonObject
            {
                ["host"] = "https://data.mixpanel.com", ["username"] = "other-user", ["password"] = "rotated-password",
            }),
        ]);

        var read = await client.GetConnectionAsync(created.Id);
        Assert.Equal("other-user", (string?)read!.Auth!.Params["username"]);
        Assert.DoesNotContain("rotated-password", read.Auth.Params.ToJsonString());
    }

    [Fact]
    public async Task Find_by_name_follows_continuation_pages_and_returns_every_exact_match()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        // More than one default page (100) of the same name, plus near-misses that must not match.
        await Task.WhenAll(Enumerable.Range(0, 105).Select(_ => client.CreateConnectionAsync(Samples.Mixpanel("dup"))));
        await client.CreateConnectionAsync(Samples.Mixpanel("dup2"));
        await client.CreateConnectionAsync(Samples.Mixpanel("other"));
        emulator.Host.Journal.Clear();

        var found = await client.FindConnectionsByNameAsync("dup");

        Assert.Equal(105, found.Count);
        Assert.Equal(105, found.Select(c => c.Id).Distinct().Count());
        Assert.All(found, c => Assert.Equal("dup", c.Name));
        var pages = emulator.Host.Journal.Matching("GET", "/data/foundation/flowservice/connections");
        Assert.True(pages.Count >= 2, $"expected several pages, saw {pages.Count}");
        Assert.Contains(pages, p => p.Query.Contains("continuationToken=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("padded ")]
    [InlineData(" leading")]
    [InlineData("say \"hi\"")]
    [InlineData("a,b")]
    public async Task Find_by_name_finds_names_the_service_filter_would_read_differently(string name)
    {
        // A miss here would make the duplicate-safe create post a second connection with this name.
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(Samples.Mixpanel(name));

        var found = await client.FindConnectionsByNameAsync(name);

        Assert.Equal(created.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task Find_by_names_uses_the_emulators_any_of_filter_and_returns_exact_matches_per_name()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        await client.CreateConnectionAsync(Samples.Mixpanel("many-a"));
        await client.CreateConnectionAsync(Samples.Mixpanel("many-a"));
        await client.CreateConnectionAsync(Samples.Mixpanel("many-b"));
        await client.CreateConnectionAsync(Samples.Mixpanel("many-a2"));
        emulator.Host.Journal.Clear();

        var found = await client.FindConnectionsByNamesAsync(["many-a", "many-b", "many-none"]);

        Assert.Equal(2, found["many-a"].Count);
        Assert.All(found["many-a"], c => Assert.Equal("many-a", c.Name));
        Assert.Equal("many-b", Assert.Single(found["many-b"]).Name);
        Assert.Empty(found["many-none"]);
        var request = Assert.Single(emulator.Host.Journal.Matching("GET", "/data/foundation/flowservice/connections"));
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task List_with_a_small_page_size_streams_every_page()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        for (var i = 0; i < 7; i++)
        {
            await client.CreateConnectionAsync(Samples.Mixpanel($"paged-{i}"));
        }

        var names = new List<string>();
        await foreach (var connection in client.ListConnectionsAsync(new ConnectionQuery { PageSize = 2 }))
        {
            names.Add(connection.Name);
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"paged-{i}"), names);
        Assert.Equal(4, emulator.Host.Journal.Matching("GET", "/data/foundation/flowservice/connections").Count);
    }

    [Fact]
    public async Task Delete_twice_returns_true_then_false_and_the_connection_is_gone()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(Samples.Mixpanel());

        Assert.True(await client.DeleteConnectionAsync(created.Id));
        Assert.False(await client.DeleteConnectionAsync(created.Id));
        Assert.Null(await client.GetConnectionAsync(created.Id));
    }

    [Fact]
    public async Task Connection_spec_and_explore_root_are_served()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var spec = await client.GetConnectionSpecAsync(Samples.MixpanelSpecId);

        var basic = spec!.FindAuthSpec("Basic Authentication");
        Assert.NotNull(basic);
        Assert.Contains("password", basic.SecretParams);
        Assert.Null(await client.GetConnectionSpecAsync("00000000-0000-0000-0000-000000000000"));

        var created = await client.CreateConnectionAsync(Samples.Mixpanel());
        var root = await client.ExploreRootAsync(created.Id);
        Assert.NotNull(root);
    }

    [Fact]
    public async Task A_create_with_a_wrong_auth_spec_name_gets_the_services_validation_error()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var bad = Samples.Mixpanel() with { Auth = new ConnectionAuth("No Such Auth", new JsonObject { ["password"] = "p" }) };

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.CreateConnectionAsync(bad));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.StartsWith("FLOW-", error.ErrorCode);
        Assert.False(error.MayHaveCommitted);
        Assert.Empty(emulator.Host.GetStoredConnections());
    }

    [Fact]
    public async Task Transient_503s_on_reads_are_retried_through_to_success()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(Samples.Mixpanel());
        emulator.Host.Faults.FailNext(2, 503, method: "GET");

        Assert.NotNull(await client.GetConnectionAsync(created.Id));
        Assert.Equal(3, emulator.Host.Journal.Matching("GET", "/data/foundation/flowservice/connections/").Count);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        emulator.Host.Faults.FailNext(1, 429, method: "GET", retryAfter: TimeSpan.Zero);

        Assert.Empty(await client.FindConnectionsByNameAsync("nothing"));
        Assert.Equal([429, 200], emulator.Host.Journal.Matching("GET", "/data/foundation/flowservice/connections").Select(e => e.Status));
    }

    [Fact]
    public async Task A_create_whose_response_is_dropped_is_not_repeated_and_is_found_by_name()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        emulator.Host.Faults.DropResponseAfterCommit(count: 1);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.CreateConnectionAsync(Samples.Mixpanel("dropped")));

        Assert.True(error.MayHaveCommitted);
        Assert.Single(emulator.Host.Journal.Matching("POST", "/data/foundation/flowservice/connections"));
        Assert.Single(await client.FindConnectionsByNameAsync("dropped"));
    }

    [Fact]
    public async Task A_revoked_token_is_renewed_once_through_ims()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        await client.FindConnectionsByNameAsync("warm-up");
        emulator.Host.RevokeAccessTokens();
        emulator.Host.Journal.Clear();

        await client.FindConnectionsByNameAsync("after-revoke");

        Assert.Equal([401, 200], emulator.Host.Journal.Matching("GET", "/data/foundation/flowservice/connections").Select(e => e.Status));
        Assert.Single(emulator.Host.Journal.Matching("POST", "/ims/token/v3"));
    }

    [Fact]
    public async Task Wrong_client_secret_is_reported_by_the_token_exchange_without_the_secret()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options(o => o.ClientSecret = "wrong-secret-value"));

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.GetConnectionAsync("x"));

        Assert.Equal("POST /ims/token/v3", error.Operation);
        Assert.DoesNotContain("wrong-secret-value", error.Message);
    }

    [Fact]
    public async Task An_unknown_sandbox_is_an_error_not_a_missing_connection()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options(o => o.SandboxName = "no-such-sandbox"));

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.GetConnectionAsync("x"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("FLOW-21", error.ErrorCode);
    }
}
