namespace Provisioner.Emulator.Tests;

/// <summary>The emulator's responses validate against Adobe's own OpenAPI schemas (shared/reference/adobe-openapi).</summary>
public class ContractTests
{
    private static readonly OpenApiContract Sources = OpenApiContract.LoadAdobe("flow-service.yaml");

    private static void AssertValid(string method, string path, int status, JsonNode? body)
    {
        var check = Sources.FindOperation(method, path).ValidateResponse(status, body);
        Assert.True(check.IsValid, check.ToString());
    }

    [Fact]
    public async Task Create_get_list_patch_responses_match_the_OAS()
    {
        await using var session = await EmulatorSession.StartAsync();
        var createBody = EmulatorSession.MixpanelBody("contract", description: "d");
        var requestCheck = Sources.FindOperation("POST", "/connections").ValidateRequest(createBody);
        Assert.True(requestCheck.IsValid, requestCheck.ToString());

        var created = await session.SendAsync(HttpMethod.Post, "/connections", createBody);
        AssertValid("POST", "/data/foundation/flowservice/connections", 201, created.Body);
        var id = (string)created.Body!["id"]!;

        AssertValid("GET", $"/connections/{id}", 200, (await session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Body);
        AssertValid("GET", "/connections", 200, (await session.SendAsync(HttpMethod.Get, "/connections?limit=1")).Body);

        var patched = await session.SendAsync(HttpMethod.Patch, $"/connections/{id}/",
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "renamed" }), (string)created.Body["etag"]!);
        Assert.Equal(200, patched.Status);
        AssertValid("PATCH", $"/connections/{id}/", 200, patched.Body);
    }

    [Fact]
    public async Task Connection_spec_and_explore_responses_match_the_OAS()
    {
        await using var session = await EmulatorSession.StartAsync();
        AssertValid("GET", "/connectionSpecs/fd2c8ff3-1de0-4f6b-8fa8-4264784870eb", 200,
            (await session.SendAsync(HttpMethod.Get, "/connectionSpecs/fd2c8ff3-1de0-4f6b-8fa8-4264784870eb")).Body);
        AssertValid("GET", "/connectionSpecs", 200, (await session.SendAsync(HttpMethod.Get, "/connectionSpecs")).Body);

        var (id, _) = await session.CreateMixpanelAsync("explore");
        AssertValid("GET", $"/connections/{id}/explore", 200, (await session.SendAsync(HttpMethod.Get, $"/connections/{id}/explore?objectType=root")).Body);
    }

    [Fact]
    public void The_checker_rejects_bodies_that_break_the_schema()
    {
        // Guards the guard: a contract test that cannot fail proves nothing.
        var get = Sources.FindOperation("GET", "/connections/abc");
        Assert.False(get.ValidateResponse(200, JsonNode.Parse("""{"items":[{"createdAt":"yesterday"}]}""")).IsValid);
        Assert.False(get.ValidateResponse(200, JsonNode.Parse("""{"items":{}}""")).IsValid);
        Assert.False(Sources.FindOperation("POST", "/connections").ValidateRequest(JsonNode.Parse("""{"name":"no spec"}""")).IsValid);
        Assert.False(Sources.FindOperation("POST", "/connections").ValidateRequest(JsonNode.Parse("""{"connectionSpec":{"id":"x"}}""")).IsValid);
    }

    [Fact]
    public async Task The_emulator_requires_every_header_the_OAS_requires()
    {
        var required = Sources.FindOperation("GET", "/connections/abc").RequiredHeaders;
        Assert.Equal(["Authorization", "x-api-key", "x-gw-ims-org-id"], required);

        await using var session = await EmulatorSession.StartAsync();
        foreach (var header in required)
        {
            using var request = session.Request(HttpMethod.Get, "/connections");
            request.Headers.Remove(header);
            var (status, _, _) = await session.SendAsync(request);
            Assert.True(status is 400 or 401 or 403, $"{header} missing gave {status}");
        }
    }

    [Fact]
    public void Operations_are_found_for_every_path_the_emulator_serves()
    {
        Assert.Equal("createConnection", Sources.FindOperation("POST", "/connections").OperationId);
        Assert.Equal("listConnections", Sources.FindOperation("GET", "/connections?limit=1").OperationId);
        Assert.Equal("retrieveConnection", Sources.FindOperation("GET", "/connections/abc").OperationId);
        Assert.Equal("patchConnection", Sources.FindOperation("PATCH", "/connections/abc").OperationId);
        Assert.Equal("deleteConnection", Sources.FindOperation("DELETE", "/data/foundation/flowservice/connections/abc/").OperationId);
        Assert.Equal("getByConnectionId", Sources.FindOperation("GET", "/connections/abc/explore").OperationId);
        Assert.Equal("retrieveConnectionSpec", Sources.FindOperation("GET", "/connectionSpecs/abc").OperationId);
        Assert.Throws<KeyNotFoundException>(() => Sources.FindOperation("PUT", "/connections/abc/explore"));
    }
}
