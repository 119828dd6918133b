namespace Provisioner.FlowService.Tests.Unit;

/// <summary>How the client asks for a test and reads the answers a service may give.</summary>
public sealed class ConnectionTestShapeTests
{
    [Fact]
    public async Task Test_is_a_GET_of_the_escaped_id_test_route()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, """{"result":true}"""));
        using var client = TestClients.Create(transport);

        Assert.True((await client.TestConnectionAsync("a b")).Passed);

        var get = Assert.Single(transport.FlowRequests);
        Assert.Equal(HttpMethod.Get, get.Method);
        Assert.Equal(TestClients.FlowBase + "connections/a%20b/test", get.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task A_400_with_a_reason_is_a_rejected_test_that_keeps_the_service_words()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.FlowProblem(HttpStatusCode.BadRequest, "1050", "Connection test failed", "Access denied: the bucket policy rejects this key", "r-7"));
        using var client = TestClients.Create(transport);

        var result = await client.TestConnectionAsync("c-1");

        Assert.Equal(ConnectionTestOutcome.Rejected, result.Outcome);
        Assert.Equal("failed: Access denied: the bucket policy rejects this key", result.Describe());
    }

    [Fact]
    public async Task An_answer_without_a_boolean_result_is_malformed()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, """{"ok":true}"""));
        var error = await TestClients.FailureOf(transport, client => client.TestConnectionAsync("c-1"));
        Assert.Contains("GET /connections/{id}/test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_create_without_auth_sends_no_auth_key()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Created("c-1"));
        using var client = TestClients.Create(transport);

        await client.CreateConnectionAsync(new CreateConnectionRequest("DLZ", null, new ConnectionSpecRef("10440537-2a7b-4583-ac39-ed38d4b848e8", "1.0"), null));

        var body = JsonNode.Parse(Assert.Single(transport.FlowRequests).Body!)!.AsObject();
        Assert.False(body.ContainsKey("auth"));
        Assert.Equal(["name", "connectionSpec"], body.Select(p => p.Key));
    }
}
