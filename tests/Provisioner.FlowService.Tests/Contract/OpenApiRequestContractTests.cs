namespace Provisioner.FlowService.Tests.Contract;

/// <summary>
/// The requests the client sends, checked against Adobe's own OpenAPI description
/// (<c>../shared/reference/adobe-openapi/flow-service.yaml</c>): the path and method exist, every header the
/// operation marks required is present, and a JSON body validates against the operation's request schema.
/// Where Adobe's OAS contradicts its own tutorials (the PATCH body), the test says which side the client follows.
/// </summary>
public sealed class OpenApiRequestContractTests
{
    private static readonly OpenApiContract Adobe = OpenApiContract.LoadAdobe("flow-service.yaml");

    public static TheoryData<string> Operations =>
    [
        "create", "get", "find", "list", "update", "delete", "spec", "explore",
    ];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_request_matches_a_documented_operation_with_its_required_headers(string operation)
    {
        var request = await CaptureAsync(operation);

        DocumentedRequest.Of(Adobe, request);
    }

    [Fact]
    public async Task The_create_body_validates_against_the_createConnection_request_schema()
    {
        var request = await CaptureAsync("create");
        var documented = Adobe.FindOperation("POST", request.Uri.AbsolutePath);

        var check = documented.ValidateRequest(JsonNode.Parse(request.Body!));

        Assert.Equal("createConnection", documented.OperationId);
        Assert.True(check.IsValid, check.ToString());
        Assert.Equal("application/json", request.Header("Content-Type"));
    }

    [Fact]
    public async Task The_create_schema_check_can_fail()
    {
        // Guard against a vacuous schema: a body that breaks it must be reported invalid.
        var request = await CaptureAsync("create");
        var documented = Adobe.FindOperation("POST", request.Uri.AbsolutePath);

        Assert.False(documented.ValidateRequest(JsonNode.Parse("""{"name":"x","connectionSpec":"not-an-object"}""")).IsValid);
    }

    [Fact]
    public async Task The_patch_body_follows_the_tutorials_array_and_each_instruction_fits_PatchInstruction_up_to_letter_case()
    {
        var request = await CaptureAsync("update");
        var documented = Adobe.FindOperation("PATCH", request.Uri.AbsolutePath);
        Assert.Equal("patchConnection", documented.OperationId);
        Assert.Equal(Responses.Etag, request.Header("if-match"));

        // Adobe's OAS models one upper-case instruction whose value is an object; every Adobe tutorial sends an array of
        // lower-case instructions (reference §1.6). The client follows the tutorials; each instruction with an object
        // value must still fit the OAS schema once its op is upper-cased.
        var instructions = Assert.IsType<JsonArray>(JsonNode.Parse(request.Body!));
        Assert.All(instructions, node =>
        {
            var instruction = node!.AsObject();
            Assert.Contains(((string)instruction["op"]!).ToUpperInvariant(), new[] { "ADD", "REPLACE", "REMOVE" });
            Assert.StartsWith("/", (string)instruction["path"]!);
        });
        var authParams = instructions.Single(i => (string?)i!["path"] == "/auth/params")!.DeepClone().AsObject();
        authParams["op"] = ((string)authParams["op"]!).ToUpperInvariant();
        var check = documented.ValidateRequest(authParams);
        Assert.True(check.IsValid, check.ToString());
    }

    private static async Task<RecordedRequest> CaptureAsync(string operation)
    {
        var transport = new FakeTransport().Responding(request => request.Method.Method switch
        {
            "POST" => Responses.Created("c-1"),
            "PATCH" => Responses.Json(HttpStatusCode.OK, """{"id":"c-1","etag":"\"e2\""}"""),
            "DELETE" => Responses.Status(HttpStatusCode.NoContent),
            _ when request.Uri.AbsolutePath.EndsWith("/explore", StringComparison.Ordinal) => Responses.Json(HttpStatusCode.OK, "[]"),
            _ => Responses.Page(null, Responses.ConnectionJson("c-1", "n")),
        });
        using var client = TestClients.Create(transport);

        switch (operation)
        {
            case "create":
                await client.CreateConnectionAsync(Samples.Mixpanel());
                break;
            case "get":
                await client.GetConnectionAsync("c-1");
                break;
            case "find":
                await client.FindConnectionsByNameAsync("n");
                break;
            case "list":
                await foreach (var _ in client.ListConnectionsAsync(new ConnectionQuery { PageSize = 5 }))
                {
                }

                break;
            case "update":
                await client.UpdateConnectionAsync("c-1", Responses.Etag,
                [
                    JsonPatchOperation.Replace("/auth/params", new JsonObject { ["host"] = "h", ["username"] = "u", ["password"] = "p" }),
                    JsonPatchOperation.Replace("/name", "renamed"),
                ]);
                break;
            case "delete":
                await client.DeleteConnectionAsync("c-1");
                break;
            case "spec":
                await client.GetConnectionSpecAsync(Samples.MixpanelSpecId);
                break;
            case "explore":
                await client.ExploreRootAsync("c-1");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }

        return Assert.Single(transport.FlowRequests);
    }
}
