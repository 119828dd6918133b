namespace Provisioner.Emulator.Tests;

/// <summary>The emulator's responses validate against Adobe's own OpenAPI schemas (shared/reference/adobe-openapi).</summary>
public class ContractTests
{
    private static readonly OpenApiContract Sources = OpenApiContract.LoadAdobe("flow-service.yaml");
    private static readonly OpenApiContract Destinations = OpenApiContract.LoadAdobe("destinations.yaml");

    internal static void AssertValid(string method, string path, int status, JsonNode? body, OpenApiContract? contract = null)
    {
        var check = (contract ?? Sources).FindOperation(method, path).ValidateResponse(status, body);
        Assert.True(check.IsValid, check.ToString());
    }

    internal static void AssertValidRequest(string method, string path, JsonNode body, OpenApiContract contract)
    {
        var check = contract.FindOperation(method, path).ValidateRequest(body);
        Assert.True(check.IsValid, check.ToString());
    }

    /// <summary>Bodies valid under the destinations OAS's V2 schemas. Its own examples are not: the S3 one has
    /// placeholders that break the key patterns, the SFTP ones pair the V1 auth spec names with the V2 spec id (the
    /// emulator accepts them anyway: <see cref="DestinationTests"/>).</summary>
    public static TheoryData<string> DestinationBodies => new()
    {
        """{"name":"S3 export","auth":{"specName":"Access Key","params":{"s3AccessKey":"AKIAIOSFODNN7EXAMPLE","s3SecretKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}},"connectionSpec":{"id":"4fce964d-3f37-408f-9778-e597338a21ee","version":"1.0"}}""",
        """{"name":"SFTP export","auth":{"specName":"SFTP with Password","params":{"domain":"sftp.example.com","username":"u","password":"p"}},"connectionSpec":{"id":"36965a81-b1c6-401b-99f8-22508f1e6a26","version":"1.0"}}""",
    };

    [Theory]
    [MemberData(nameof(DestinationBodies))]
    public async Task Destination_creates_match_both_OAS_files(string json)
    {
        await using var session = await EmulatorSession.StartAsync();
        var body = JsonNode.Parse(json)!;
        AssertValidRequest("POST", "/connections", body, Destinations);
        AssertValidRequest("POST", "/connections", body, Sources);
        var created = await session.SendAsync(HttpMethod.Post, "/connections", body);
        Assert.Equal(201, created.Status);
        AssertValid("POST", "/connections", 201, created.Body, Destinations);
        AssertValid("POST", "/connections", 201, created.Body);
        var id = (string)created.Body!["id"]!;
        // Reads are not checked against destinations.yaml: its GET /connections and /connections/{id} 200 schemas describe
        // one item, not the {items:[…]} wrapper both OAS files' examples and the sources schema show.
        AssertValid("GET", $"/connections/{id}", 200, (await session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Body);
        AssertValid("GET", "/connections", 200, (await session.SendAsync(HttpMethod.Get, "/connections?limit=5")).Body);
    }

    [Fact]
    public async Task A_Data_Landing_Zone_create_without_auth_matches_the_sources_OAS()
    {
        await using var session = await EmulatorSession.StartAsync();
        var body = DestinationTests.DataLandingZoneBody("dlz");
        AssertValidRequest("POST", "/connections", body, Sources);
        var created = await session.SendAsync(HttpMethod.Post, "/connections", body);
        AssertValid("POST", "/connections", 201, created.Body);
        var id = (string)created.Body!["id"]!;
        AssertValid("GET", $"/connections/{id}", 200, (await session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Body);
    }

    [Fact]
    public async Task Test_explore_by_spec_and_configs_responses_match_the_OAS()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (id, _) = await session.CreateMixpanelAsync("tested");
        AssertValid("GET", $"/connections/{id}/test", 200, (await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body);
        session.Host.RejectCredentials(id);
        AssertValid("GET", $"/connections/{id}/test", 200, (await session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body);

        const string gcs = "32e8f412-cdf7-464c-9885-78184cb113fd";
        AssertValid("GET", $"/connectionSpecs/{gcs}/explore", 200, (await session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{gcs}/explore?objectType=root")).Body);
        AssertValid("GET", $"/connectionSpecs/{gcs}/configs", 200, (await session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{gcs}/configs")).Body);
        // getDatasets documents its 200 by example only (Destination_Dataset_Response): items of datasets with id and name.
        const string datasets = "/connectionSpecs/23598e46-f560-407b-88d5-ea6207e49db0/configs?outputType=activationDatasets&outputField=datasets&limit=100";
        Assert.Contains("200", Destinations.FindOperation("GET", datasets).DocumentedStatuses);
        var configs = await session.SendAsync(HttpMethod.Get, datasets);
        Assert.Equal(200, configs.Status);
        Assert.All(configs.Body!["items"]!.AsArray(), d => Assert.False(string.IsNullOrEmpty((string?)d!["id"]) || string.IsNullOrEmpty((string?)d["name"])));
        AssertValid("GET", $"/connectionSpecs/{DestinationTests.S3Destination}", 200,
            (await session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{DestinationTests.S3Destination}")).Body);
    }

    [Fact]
    public void The_checker_knows_the_new_operations_and_rejects_a_wrong_test_body()
    {
        // The sources operations are in Operations_are_found_for_every_path_the_emulator_serves.
        Assert.Equal("getDatasets", Destinations.FindOperation("GET", "/connectionSpecs/abc/configs").OperationId);
        Assert.False(Sources.FindOperation("GET", "/connections/abc/test").ValidateResponse(200, JsonNode.Parse("""{"result":"yes"}""")).IsValid);
        Assert.False(Sources.FindOperation("GET", "/connectionSpecs/abc/explore").ValidateResponse(200, JsonNode.Parse("""{"items":{}}""")).IsValid);
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
        (string Method, string Path, string OperationId)[] served =
        [
            ("POST", "/connections", "createConnection"),
            ("GET", "/connections?limit=1", "listConnections"),
            ("GET", "/connections/abc", "retrieveConnection"),
            ("PATCH", "/connections/abc", "patchConnection"),
            ("DELETE", "/data/foundation/flowservice/connections/abc/", "deleteConnection"),
            ("GET", "/connections/abc/explore", "getByConnectionId"),
            ("GET", "/connectionSpecs/abc", "retrieveConnectionSpec"),
            ("GET", "/connections/abc/test", "testConnection"),
            ("GET", "/connectionSpecs/abc/explore", "exploreByConnectionSpecId"),
            ("GET", "/connectionSpecs/abc/configs", "configByConnectionSpecId"),
        ];
        Assert.All(served, op => Assert.Equal(op.OperationId, Sources.FindOperation(op.Method, op.Path).OperationId));
        Assert.Throws<KeyNotFoundException>(() => Sources.FindOperation("PUT", "/connections/abc/explore"));
    }
}
