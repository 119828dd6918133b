namespace Provisioner.FlowService.Tests.Unit;

/// <summary>Routes, headers and bodies the client puts on the wire, and how it reads the answers.</summary>
public sealed class RequestShapeTests
{
    [Fact]
    public async Task Create_posts_json_with_every_gateway_header_and_returns_the_quoted_etag()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Created("c-1"));
        using var client = TestClients.Create(transport);

        var created = await client.CreateConnectionAsync(Samples.Mixpanel());

        Assert.Equal(new ConnectionRef("c-1", Responses.Etag), created);
        Assert.StartsWith("\"", created.Etag);
        var post = Assert.Single(transport.FlowRequests);
        Assert.Equal(HttpMethod.Post, post.Method);
        Assert.Equal(TestClients.FlowBase + "connections", post.Uri.AbsoluteUri);
        Assert.Equal("Bearer token-1", post.Header("Authorization"));
        Assert.Equal(TestClients.ClientId, post.Header("x-api-key"));
        Assert.Equal(TestClients.OrgId, post.Header("x-gw-ims-org-id"));
        Assert.Equal(TestClients.Sandbox, post.Header("x-sandbox-name"));
        Assert.Equal("application/json", post.Header("Content-Type"));
        var body = JsonNode.Parse(post.Body!)!;
        Assert.Equal(Samples.MixpanelSpecId, (string?)body["connectionSpec"]!["id"]);
        Assert.Equal("Basic Authentication", (string?)body["auth"]!["specName"]);
    }

    [Fact]
    public async Task Create_accepts_200_as_well_as_201()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, """{"id":"c-2","etag":"\"e\""}"""));
        using var client = TestClients.Create(transport);

        Assert.Equal("c-2", (await client.CreateConnectionAsync(Samples.Mixpanel())).Id);
    }

    [Fact]
    public async Task Create_answer_without_an_id_is_an_error_that_says_it_may_have_committed()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.Created, """{"etag":"\"e\""}"""));
        var error = await TestClients.FailureOf(transport, client => client.CreateConnectionAsync(Samples.Mixpanel()));
        Assert.True(error.MayHaveCommitted);
        Assert.Contains("POST /connections", error.Message);
    }

    [Fact]
    public async Task Get_reads_items_0_and_escapes_the_id()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Page(null, Responses.ConnectionJson("a b", "Conn")));
        using var client = TestClients.Create(transport);

        var connection = await client.GetConnectionAsync("a b");

        Assert.Equal("Conn", connection!.Name);
        Assert.Equal(Responses.Etag, connection.Etag);
        Assert.Equal("xxxx", (string?)connection.Auth!.Params["password"]);
        Assert.Equal("/data/foundation/flowservice/connections/a%20b", Assert.Single(transport.FlowRequests).Uri.AbsolutePath);
    }

    [Fact]
    public async Task Get_of_a_missing_connection_is_null()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.FlowProblem(HttpStatusCode.NotFound, "1101", "Resource not found", "Resource with given id does not exist", "r-1"));
        using var client = TestClients.Create(transport);

        Assert.Null(await client.GetConnectionAsync("gone"));
    }

    [Fact]
    public async Task Get_with_an_unknown_sandbox_404_throws_instead_of_reporting_the_connection_gone()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.FlowProblem(HttpStatusCode.NotFound, "2100", "Sandbox not found", "Sandbox dev does not exist", "r-2"));
        var error = await TestClients.FailureOf(transport, client => client.GetConnectionAsync("c-1"));
        Assert.Equal("FLOW-2100-404", error.ErrorCode);
    }

    [Fact]
    public async Task Update_sends_a_patch_array_and_the_etag_verbatim_in_If_Match()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, """{"id":"c-1","etag":"\"new\""}"""));
        using var client = TestClients.Create(transport);

        var updated = await client.UpdateConnectionAsync("c-1", Responses.Etag,
            [JsonPatchOperation.Replace("/name", "Renamed"), JsonPatchOperation.Remove("/description")]);

        Assert.Equal(new ConnectionRef("c-1", "\"new\""), updated);
        var patch = Assert.Single(transport.FlowRequests);
        Assert.Equal(HttpMethod.Patch, patch.Method);
        Assert.Equal("/data/foundation/flowservice/connections/c-1", patch.Uri.AbsolutePath);
        Assert.Equal(Responses.Etag, patch.Header("If-Match"));
        Assert.Equal("application/json", patch.Header("Content-Type"));
        Assert.Equal("""[{"op":"replace","path":"/name","value":"Renamed"},{"op":"remove","path":"/description"}]""", patch.Body);
    }

    [Fact]
    public async Task Update_with_an_empty_patch_is_refused_before_any_request()
    {
        var transport = new FakeTransport();
        using var client = TestClients.Create(transport);

        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateConnectionAsync("c-1", Responses.Etag, []));
        Assert.Empty(transport.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, true)]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.Accepted, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public async Task Delete_maps_success_codes_to_true_and_404_to_false(HttpStatusCode status, bool expected)
    {
        var transport = new FakeTransport().Responding(_ => Responses.Status(status));
        using var client = TestClients.Create(transport);

        Assert.Equal(expected, await client.DeleteConnectionAsync("c-1"));
        var delete = Assert.Single(transport.FlowRequests);
        Assert.Equal(HttpMethod.Delete, delete.Method);
        Assert.Equal("/data/foundation/flowservice/connections/c-1", delete.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Find_by_name_encodes_the_filter_follows_every_next_link_and_keeps_exact_matches_only()
    {
        var transport = new FakeTransport().Responding(request => request.Uri.Query switch
        {
            var q when q.Contains("continuationToken=p2", StringComparison.Ordinal) =>
                Responses.Page("/connections?continuationToken=p3", Responses.ConnectionJson("2", "my conn")),
            var q when q.Contains("continuationToken=p3", StringComparison.Ordinal) =>
                Responses.Page(null, Responses.ConnectionJson("3", "My Conn")),
            _ => Responses.Page("/connections?continuationToken=p2", Responses.ConnectionJson("1", "My Conn")),
        });
        using var client = TestClients.Create(transport);

        var found = await client.FindConnectionsByNameAsync("My Conn");

        Assert.Equal(["1", "3"], found.Select(c => c.Id));
        var urls = transport.FlowRequests.Select(r => r.PathAndQuery).ToList();
        Assert.Equal(
        [
            "/data/foundation/flowservice/connections?property=name%3D%3DMy%20Conn",
            "/data/foundation/flowservice/connections?continuationToken=p2",
            "/data/foundation/flowservice/connections?continuationToken=p3",
        ], urls);
    }

    [Fact]
    public async Task Find_by_a_name_with_a_comma_lists_everything_because_a_comma_means_any_of()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.Page(null, Responses.ConnectionJson("1", "a,b"), Responses.ConnectionJson("2", "a")));
        using var client = TestClients.Create(transport);

        var found = await client.FindConnectionsByNameAsync("a,b");

        Assert.Equal("1", Assert.Single(found).Id);
        Assert.Equal("/data/foundation/flowservice/connections", Assert.Single(transport.FlowRequests).PathAndQuery);
    }

    [Fact]
    public async Task Find_by_names_sends_twenty_names_per_any_of_filter_follows_pages_and_keeps_exact_matches()
    {
        var names = Enumerable.Range(0, 25).Select(i => $"n{i:00}").Append("x,y").Append("n00").ToArray();
        var transport = new FakeTransport().Responding(request => request.Uri.Query switch
        {
            var q when q.Contains("continuationToken=c1", StringComparison.Ordinal) => Responses.Page(null, Responses.ConnectionJson("3", "n01")),
            var q when q.Contains("n00", StringComparison.Ordinal) =>
                Responses.Page("/connections?continuationToken=c1", Responses.ConnectionJson("1", "n00"), Responses.ConnectionJson("2", "N00")),
            // A looser service answering a name of another batch must not count it twice.
            var q when q.Contains("n20", StringComparison.Ordinal) =>
                Responses.Page(null, Responses.ConnectionJson("4", "n24"), Responses.ConnectionJson("5", "n01")),
            _ => Responses.Page(null, Responses.ConnectionJson("6", "x,y"), Responses.ConnectionJson("7", "x")),
        });
        using var client = TestClients.Create(transport);

        var found = await client.FindConnectionsByNamesAsync(names);

        Assert.Equal(26, found.Count);
        Assert.Equal(["1"], found["n00"].Select(c => c.Id));
        Assert.Equal(["3"], found["n01"].Select(c => c.Id));
        Assert.Equal(["4"], found["n24"].Select(c => c.Id));
        Assert.Equal(["6"], found["x,y"].Select(c => c.Id));
        Assert.Empty(found["n10"]);
        const string List = "/data/foundation/flowservice/connections";
        Assert.Equal(
        [
            List, // "x,y" cannot share a filter: listed alone, as by FindConnectionsByNameAsync
            List + "?property=name%3D%3D" + string.Join("%2C", names.Take(20)),
            List + "?continuationToken=c1",
            List + "?property=name%3D%3D" + string.Join("%2C", names.Skip(20).Take(5)),
        ], transport.FlowRequests.Select(r => r.PathAndQuery));
    }

    [Theory]
    [InlineData("plain name", true)]
    [InlineData("a,b", false)]
    [InlineData("say \"hi\"", false)]
    [InlineData(" padded", false)]
    [InlineData("padded ", false)]
    public void Only_names_a_comma_list_carries_unchanged_can_share_a_filter(string name, bool shares) =>
        Assert.Equal(shares, ConnectionNameFilter.CanShareRequest(name));

    [Fact]
    public async Task List_sends_every_filter_and_the_page_size()
    {
        var transport = new FakeTransport();
        using var client = TestClients.Create(transport);

        var query = new ConnectionQuery { Properties = ["state==enabled", "connectionSpec.id==x"], PageSize = 10 };
        await foreach (var _ in client.ListConnectionsAsync(query))
        {
        }

        Assert.Equal(
            "/data/foundation/flowservice/connections?property=state%3D%3Denabled&property=connectionSpec.id%3D%3Dx&limit=10",
            Assert.Single(transport.FlowRequests).PathAndQuery);
    }

    [Theory]
    [InlineData("/data/foundation/flowservice/connections?continuationToken=t", "/data/foundation/flowservice/connections?continuationToken=t")]
    [InlineData("https://platform.test/data/foundation/flowservice/connections?continuationToken=t", "/data/foundation/flowservice/connections?continuationToken=t")]
    [InlineData("?continuationToken=t", "/data/foundation/flowservice/connections?continuationToken=t")]
    public async Task Next_links_in_gateway_rooted_absolute_or_query_form_resolve_under_the_flow_base(string href, string expected)
    {
        var transport = new FakeTransport().Responding(request => request.Uri.Query.Contains("continuationToken", StringComparison.Ordinal)
            ? Responses.Page(null)
            : Responses.Page(href, Responses.ConnectionJson("1", "n")));
        using var client = TestClients.Create(transport);

        await client.FindConnectionsByNameAsync("n");

        Assert.Equal(expected, transport.FlowRequests[1].PathAndQuery);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_so_the_token_never_leaves()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Page("https://elsewhere.test/connections?continuationToken=t"));
        var error = await TestClients.FailureOf(transport, client => client.FindConnectionsByNameAsync("n"));
        Assert.Contains("different host", error.Message);
        Assert.Single(transport.FlowRequests);
    }

    [Fact]
    public async Task A_next_link_that_repeats_stops_paging_with_an_error()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Page("/connections?continuationToken=same"));
        var error = await TestClients.FailureOf(transport, client => client.FindConnectionsByNameAsync("n"));
        Assert.Contains("same next-page link", error.Message);
        Assert.Equal(2, transport.FlowRequests.Count);
    }

    [Fact]
    public async Task Connection_specs_are_fetched_once_per_client_even_under_concurrency()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, $$$"""
            {"items":[{"id":"{{{Samples.MixpanelSpecId}}}","name":"mixpanel","authSpec":[{"name":"Basic Authentication","type":"BasicAuthentication",
              "spec":{"type":"object","properties":{"host":{"type":"string"},"username":{"type":"string"},"password":{"type":"string","format":"password"}},
                      "required":["host","username","password"]}}]}]}
            """));
        using var client = TestClients.Create(transport);

        var first = await client.GetConnectionSpecAsync(Samples.MixpanelSpecId);
        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetConnectionSpecAsync(Samples.MixpanelSpecId)));

        Assert.All(again, spec => Assert.Same(first, spec));
        Assert.Equal(["password"], first!.FindAuthSpec("Basic Authentication")!.SecretParams);
        Assert.Equal("/data/foundation/flowservice/connectionSpecs/" + Samples.MixpanelSpecId, Assert.Single(transport.FlowRequests).Uri.AbsolutePath);
    }

    [Fact]
    public async Task A_missing_connection_spec_is_null_and_not_cached()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Status(HttpStatusCode.NotFound));
        using var client = TestClients.Create(transport);

        Assert.Null(await client.GetConnectionSpecAsync("nope"));
        Assert.Null(await client.GetConnectionSpecAsync("nope"));
        Assert.Equal(2, transport.FlowRequests.Count);
    }

    [Theory]
    [InlineData("""[{"type":"folder","name":"root","path":"/root","canPreview":false,"canFetchSchema":false}]""")]
    [InlineData("""{"items":[{"type":"folder","name":"root","path":"/root","canPreview":false,"canFetchSchema":false}]}""")]
    public async Task Explore_root_asks_for_objectType_root_and_reads_a_bare_or_wrapped_array(string json)
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, json));
        using var client = TestClients.Create(transport);

        var items = await client.ExploreRootAsync("c-1");

        Assert.Equal(new ExploreItem("folder", "root", "/root", false, false), Assert.Single(items));
        Assert.Equal("/data/foundation/flowservice/connections/c-1/explore?objectType=root", Assert.Single(transport.FlowRequests).PathAndQuery);
    }

    [Fact]
    public async Task An_endpoint_with_a_path_keeps_it_in_front_of_the_flow_service_path()
    {
        var transport = new FakeTransport();
        using var client = TestClients.Create(transport, o => o.Endpoint = new Uri("http://127.0.0.1:5080/gateway"));

        await client.FindConnectionsByNameAsync("n");

        Assert.Equal("http://127.0.0.1:5080/gateway/data/foundation/flowservice/connections?property=name%3D%3Dn",
            Assert.Single(transport.FlowRequests).Uri.AbsoluteUri);
    }
}
