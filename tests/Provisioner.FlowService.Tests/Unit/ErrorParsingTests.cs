namespace Provisioner.FlowService.Tests.Unit;

/// <summary>Each of Adobe's error body families, and bodies that fit none, become one clear exception.</summary>
public sealed class ErrorParsingTests
{
    private static readonly JsonPatchOperation[] Rename = [JsonPatchOperation.Replace("/name", "x")];

    /// <summary>What reading connection <c>c-1</c> throws when every answer is <paramref name="answer"/>'s: the arrange
    /// and act of the cases below that need no write and no look at the requests.</summary>
    private static Task<FlowServiceException> GetFailureAsync(Func<HttpResponseMessage> answer) =>
        TestClients.FailureOf(new FakeTransport().Responding(_ => answer()), client => client.GetConnectionAsync("c-1"));

    [Fact]
    public async Task Flow_problem_412_gives_code_title_detail_request_id_and_re_read_guidance()
    {
        var transport = new FakeTransport().Responding(_ => Responses.FlowProblem(HttpStatusCode.PreconditionFailed, "1404",
            "Version not matching", "The supplied version does not match the current version on entity", "req-412"));
        var error = await TestClients.FailureOf(transport, client => client.UpdateConnectionAsync("c-1", "\"stale\"", Rename));

        Assert.True(error.IsPreconditionFailed);
        Assert.Equal("FLOW-1404-412", error.ErrorCode);
        Assert.Equal("Version not matching", error.Title);
        Assert.Equal("The supplied version does not match the current version on entity", error.Detail);
        Assert.Equal("req-412", error.RequestId);
        Assert.Equal("PATCH /connections/{id}", error.Operation);
        Assert.False(error.MayHaveCommitted);
        Assert.All(["PATCH /connections/{id} (id c-1)", "HTTP 412", "FLOW-1404-412", "req-412", "Re-read the connection"],
            part => Assert.Contains(part, error.Message));
        Assert.Single(transport.FlowRequests);
    }

    [Fact]
    public async Task Gateway_error_code_and_message_are_read()
    {
        var transport = new FakeTransport().Responding(_ =>
            Responses.Json(HttpStatusCode.Forbidden, """{"error_code":"403003","message":"Api Key is invalid"}""").WithHeader("x-request-id", "hdr-1"));
        using var client = TestClients.Create(transport);

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.GetConnectionAsync("c-1"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("403003", error.ErrorCode);
        Assert.Equal("Api Key is invalid", error.Detail);
        Assert.Equal("hdr-1", error.RequestId);
        Assert.Contains("GET /connections/{id}", error.Message);
        Assert.Contains("Check the client id", error.Message);
    }

    [Fact]
    public async Task Numeric_gateway_error_code_is_read_as_text()
    {
        var error = await GetFailureAsync(() => Responses.Json(HttpStatusCode.BadRequest, """{"error_code":400003,"message":"Missing header"}"""));
        Assert.Equal("400003", error.ErrorCode);
    }

    [Fact]
    public async Task ErrorMessage_and_errorDetails_family_is_read()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.PreconditionFailed,
            """{"errorMessage":"Supplied version=[\"a\"] does not match","errorDetails":"Supplied version=[\"a\"] does not match"}"""));
        var error = await TestClients.FailureOf(transport, client => client.UpdateConnectionAsync("c-1", "\"a\"", Rename));
        Assert.Equal("Supplied version=[\"a\"] does not match", error.Detail);
        Assert.Null(error.ErrorCode);
        Assert.True(error.IsPreconditionFailed);
    }

    [Fact]
    public async Task Bare_message_family_is_read()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.BadRequest, """{"message":"Please provide a valid spec id"}"""));
        var error = await TestClients.FailureOf(transport, client => client.CreateConnectionAsync(Samples.Mixpanel()));
        Assert.Equal("Please provide a valid spec id", error.Detail);
        Assert.False(error.MayHaveCommitted);
        Assert.Contains("POST /connections failed: HTTP 400 BadRequest", error.Message);
    }

    [Fact]
    public async Task Placeholder_problem_type_gives_title_and_detail_but_no_code()
    {
        var error = await GetFailureAsync(() => Responses.Json(HttpStatusCode.BadRequest,
            """{"type":"/placeholder/type/uri","status":400,"title":"BadRequestError","detail":"A valid content-type must be specified"}"""));
        Assert.Null(error.ErrorCode);
        Assert.Equal("BadRequestError", error.Title);
        Assert.Equal("A valid content-type must be specified", error.Detail);
    }

    [Fact]
    public async Task Html_body_is_described_not_quoted()
    {
        var error = await GetFailureAsync(() =>
            Responses.Json(HttpStatusCode.BadRequest, "<html><body><h1>Bad gateway config</h1></body></html>", "text/html"));
        Assert.Contains("non-JSON body (text/html", error.Message);
        Assert.DoesNotContain("<html>", error.Message);
        Assert.Null(error.Detail);
    }

    [Fact]
    public async Task Empty_error_body_and_unknown_status_still_name_operation_and_status()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Status((HttpStatusCode)418));
        var error = await TestClients.FailureOf(transport, client => client.DeleteConnectionAsync("c-9"));
        Assert.Equal("DELETE /connections/{id} (id c-9) failed: HTTP 418 (empty body).", error.Message);
    }

    [Fact]
    public async Task Json_without_error_fields_says_so()
    {
        var error = await GetFailureAsync(() => Responses.Json(HttpStatusCode.Conflict, """{"unexpected":true}"""));
        Assert.Contains("JSON body without a recognised error field", error.Message);
    }

    [Fact]
    public async Task Long_detail_is_capped()
    {
        var detail = new string('x', 5000);
        var error = await GetFailureAsync(() => Responses.Json(HttpStatusCode.BadRequest, $$"""{"message":"{{detail}}"}"""));
        Assert.True(error.Detail!.Length <= 501, $"detail length {error.Detail.Length}");
        Assert.True(error.Message.Length < 1000, $"message length {error.Message.Length}");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"items":"not-an-array"}""")]
    [InlineData("""{"items":[{"id":"only-an-id"}]}""")]
    [InlineData("")]
    public async Task Success_with_an_unusable_body_is_a_clear_error(string body)
    {
        var error = await GetFailureAsync(() => Responses.Json(HttpStatusCode.OK, body));
        Assert.StartsWith("GET /connections/{id} (id c-1) returned HTTP 200 with an unusable body", error.Message);
        Assert.False(error.MayHaveCommitted);
    }
}
