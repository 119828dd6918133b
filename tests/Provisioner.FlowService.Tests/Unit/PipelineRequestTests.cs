namespace Provisioner.FlowService.Tests.Unit;

/// <summary>What the pipeline operations put on the wire and how their failures read, over the fake transport: the
/// same rules as for connections (never a blind POST retry, "find it by name" after a lost create), worded per kind.</summary>
public sealed class PipelineRequestTests
{
    private static HttpResponseMessage Unavailable() =>
        Responses.FlowProblem(HttpStatusCode.ServiceUnavailable, "1103", "Service unavailable", "try later", "r-503");

    [Theory]
    [InlineData(PipelineRoute.SourceConnections, "POST /sourceConnections", "source connection")]
    [InlineData(PipelineRoute.TargetConnections, "POST /targetConnections", "target connection")]
    [InlineData(PipelineRoute.Flows, "POST /flows", "dataflow")]
    public async Task A_create_is_not_retried_on_503_and_says_the_kind_may_have_been_created(PipelineRoute route, string operation, string noun)
    {
        var transport = new FakeTransport().Responding(_ => Unavailable());
        using var client = TestClients.Create(transport);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.CreateObjectAsync(route, new JsonObject { ["name"] = "n" }));

        Assert.Single(transport.FlowRequests);
        Assert.True(error.MayHaveCommitted);
        Assert.Equal(operation, error.Operation);
        Assert.Contains($"The {noun} may have been created anyway; find it by name before creating it again.", error.Message);
    }

    [Fact]
    public async Task A_create_whose_connection_is_reset_may_have_committed()
    {
        var transport = new FakeTransport().RespondingInOrder(() => throw new IOException("connection reset by peer"));
        using var client = TestClients.Create(transport);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.CreateObjectAsync(PipelineRoute.Flows, new JsonObject { ["name"] = "n" }));

        Assert.Single(transport.FlowRequests);
        Assert.True(error.MayHaveCommitted);
        Assert.Null(error.StatusCode);
        Assert.Contains("The dataflow may have been created anyway", error.Message);
    }

    [Theory]
    [InlineData("""{"etag":"\"e\""}""")]
    [InlineData("""{"id":"f-1"}""")]
    public async Task A_create_answer_without_id_or_etag_is_an_error_that_says_it_may_have_committed(string answer)
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.Created, answer));
        using var client = TestClients.Create(transport);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.CreateObjectAsync(PipelineRoute.TargetConnections, new JsonObject { ["name"] = "n" }));

        Assert.True(error.MayHaveCommitted);
        Assert.Contains("the new target connection's id or etag", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData(42)]
    public async Task A_create_without_a_name_is_refused_before_anything_is_sent(object? name)
    {
        var transport = new FakeTransport();
        using var client = TestClients.Create(transport);
        var body = new JsonObject { ["name"] = name is null ? null : JsonValue.Create(name) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateObjectAsync(PipelineRoute.SourceConnections, body));

        Assert.Contains("The source connection to create has no name", error.Message);
        Assert.Empty(transport.FlowRequests);
    }

    [Fact]
    public async Task The_flow_action_is_not_retried_on_503_and_says_to_read_the_dataflow_back()
    {
        var transport = new FakeTransport().Responding(_ => Unavailable());
        using var client = TestClients.Create(transport);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.SetFlowEnabledAsync("f-1", enabled: false, Responses.Etag));

        var sent = Assert.Single(transport.FlowRequests);
        Assert.Equal(Responses.Etag, sent.Header("If-Match"));
        Assert.Equal("/data/foundation/flowservice/flows/f-1/action", sent.Uri.AbsolutePath);
        Assert.Equal("?op=disable", sent.Uri.Query);
        Assert.True(error.MayHaveCommitted);
        Assert.Equal("POST /flows/{id}/action", error.Operation);
        Assert.Contains("read the dataflow back", error.Message);
        Assert.DoesNotContain("created", error.Message);
    }

    [Fact]
    public async Task A_patch_is_retried_on_503_with_the_same_If_Match_and_reads_the_new_etag()
    {
        var transport = new FakeTransport().RespondingInOrder(Unavailable, () => Responses.Json(HttpStatusCode.OK, """{"id":"s-1","etag":"\"e-2\""}"""));
        using var client = TestClients.Create(transport);

        var updated = await client.UpdateObjectAsync(PipelineRoute.SourceConnections, "s-1", Responses.Etag, [JsonPatchOperation.Replace("/params/path", "x")]);

        Assert.Equal(new ConnectionRef("s-1", "\"e-2\""), updated);
        Assert.Equal(2, transport.FlowRequests.Count);
        Assert.All(transport.FlowRequests, r => Assert.Equal(Responses.Etag, r.Header("If-Match")));
        Assert.All(transport.FlowRequests, r => Assert.Equal("/data/foundation/flowservice/sourceConnections/s-1", r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task A_sandbox_404_is_an_error_not_a_missing_object()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.FlowProblem(HttpStatusCode.NotFound, "2100", "Sandbox not found", "no such sandbox", "r-1"));
        using var client = TestClients.Create(transport);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.GetObjectAsync(PipelineRoute.Flows, "f-1"));

        Assert.Equal("FLOW-2100-404", error.ErrorCode);
    }

    [Fact]
    public async Task An_item_without_an_etag_is_an_unusable_answer()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, """{"items":[{"id":"f-1","name":"n"}]}"""));
        using var client = TestClients.Create(transport);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.GetObjectAsync(PipelineRoute.Flows, "f-1"));

        Assert.Contains("unusable body", error.Message);
        Assert.False(error.MayHaveCommitted);
    }

    [Fact]
    public async Task Runs_of_other_flows_are_dropped_and_the_rest_come_newest_first()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, """
            {"items":[
              {"id":"r-old","flowId":"f-1","createdAt":100,"metrics":{"statusSummary":{"status":"success"}}},
              {"id":"r-other","flowId":"f-2","createdAt":300},
              {"id":"r-new","flowId":"f-1","createdAt":200,"metrics":{"statusSummary":{"status":"failed"}}}]}
            """));
        using var client = TestClients.Create(transport);

        var runs = await client.ListRunsAsync("f-1", maxRuns: 5);

        Assert.Equal(["r-new", "r-old"], runs.Select(r => r.Id));
        Assert.Equal("failed", runs[0].Status);
        var sent = Assert.Single(transport.FlowRequests);
        Assert.Equal("?property=flowId%3D%3Df-1&orderby=-createdAt&limit=5", sent.Uri.Query);
    }

    [Fact]
    public async Task A_bare_query_next_link_continues_the_same_collection()
    {
        var transport = new FakeTransport().RespondingInOrder(
            () => Responses.Json(HttpStatusCode.OK, $$"""{"items":[{{Item("t-1")}}],"_links":{"next":{"href":"?continuationToken=abc"} } }"""),
            () => Responses.Json(HttpStatusCode.OK, $$"""{"items":[{{Item("t-2")}}]}"""));
        using var client = TestClients.Create(transport);

        var ids = new List<string>();
        await foreach (var item in client.ListObjectsAsync(PipelineRoute.TargetConnections))
        {
            ids.Add(item.Id);
        }

        Assert.Equal(["t-1", "t-2"], ids);
        Assert.Equal(TestClients.FlowBase + "targetConnections?continuationToken=abc", transport.FlowRequests[1].Uri.AbsoluteUri);
    }

    private static string Item(string id) => $$"""{"id":"{{id}}","name":"n","etag":"\"e\""}""";
}
