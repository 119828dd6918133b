namespace Provisioner.Emulator.Tests;

/// <summary>The pipeline routes' requests and responses validate against Adobe's flow-service.yaml.</summary>
public class PipelineContractTests
{
    private static readonly OpenApiContract Sources = OpenApiContract.LoadAdobe("flow-service.yaml");

    private static void AssertValid(string method, string path, (int Status, JsonNode? Body, HttpResponseMessage Response) result) =>
        ContractTests.AssertValid(method, path, result.Status, result.Body);

    private static void AssertValidRequest(string method, string path, JsonNode body) => ContractTests.AssertValidRequest(method, path, body, Sources);

    [Fact]
    public void Operations_are_found_for_every_pipeline_route()
    {
        Assert.Equal("createSourceConnection", Sources.FindOperation("POST", "/sourceConnections").OperationId);
        Assert.Equal("getSourceConnections", Sources.FindOperation("GET", "/sourceConnections?limit=1").OperationId);
        Assert.Equal("retrieveSourceConnection", Sources.FindOperation("GET", "/sourceConnections/abc").OperationId);
        Assert.Equal("patchSourceConnection", Sources.FindOperation("PATCH", "/sourceConnections/abc").OperationId);
        Assert.Equal("deleteSourceConnection", Sources.FindOperation("DELETE", "/sourceConnections/abc").OperationId);
        Assert.Equal("createTargetConnection", Sources.FindOperation("POST", "/targetConnections").OperationId);
        Assert.Equal("patchTargetConnection", Sources.FindOperation("PATCH", "/targetConnections/abc").OperationId);
        Assert.Equal("createFlow", Sources.FindOperation("POST", "/flows").OperationId);
        Assert.Equal("patchFlow", Sources.FindOperation("PATCH", "/flows/abc").OperationId);
        Assert.Equal("deleteByFlow", Sources.FindOperation("DELETE", "/flows/abc").OperationId);
        Assert.Equal("postStateTransition", Sources.FindOperation("POST", "/flows/abc/action?op=enable").OperationId);
        Assert.Equal("listFlowSpecs", Sources.FindOperation("GET", "/flowSpecs").OperationId);
        Assert.Equal("retrieveFlowSpec", Sources.FindOperation("GET", "/flowSpecs/abc").OperationId);
        Assert.Equal("listFlowRuns", Sources.FindOperation("GET", "/runs").OperationId);
        Assert.Equal("retrieveFlowRun", Sources.FindOperation("GET", "/runs/abc").OperationId);
        Assert.Contains("op", Sources.FindOperation("POST", "/flows/abc/action").QueryParameters);
    }

    [Fact]
    public void The_checker_rejects_pipeline_bodies_that_break_the_schema()
    {
        Assert.False(Sources.FindOperation("GET", "/flows/abc").ValidateResponse(200, JsonNode.Parse("""{"items":[{"createdAt":"yesterday"}]}""")).IsValid);
        Assert.False(Sources.FindOperation("GET", "/flows/abc").ValidateResponse(200, JsonNode.Parse("""{"items":[{"sourceConnectionIds":"one"}]}""")).IsValid);
        Assert.False(Sources.FindOperation("GET", "/runs/abc").ValidateResponse(200, JsonNode.Parse("""{"items":[{"metrics":{"durationSummary":{"startedAtUTC":"now"}}}]}""")).IsValid);
        Assert.False(Sources.FindOperation("POST", "/sourceConnections").ValidateRequest(JsonNode.Parse("""{"name":"no spec, no data"}""")).IsValid);
        Assert.False(Sources.FindOperation("POST", "/flows").ValidateRequest(JsonNode.Parse("""{"name":"no flow spec"}""")).IsValid);
        Assert.False(Sources.FindOperation("GET", "/flowSpecs").ValidateResponse(200, JsonNode.Parse("""{"items":[{"sourceConnectionSpecIds":"x"}]}""")).IsValid);
    }

    [Fact]
    public async Task Create_read_list_patch_and_action_responses_match_the_OAS()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (baseId, _) = await session.CreateMixpanelAsync("base");

        var sourceId = await AssertCreateReadListPatchAsync(session, "/sourceConnections", Pipeline.SourceBody("source", baseId), "?limit=1",
            new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "renamed" });
        var targetId = await AssertCreateReadListPatchAsync(session, "/targetConnections", Pipeline.TargetBody("target"), "",
            new JsonObject { ["op"] = "replace", ["path"] = "/params/dataSetId", ["value"] = "other" });

        // Adobe's own example sends startTime as a digit string and interval as a number, which its OAS types the
        // other way round: the request check uses a body in the OAS types; the emulator accepts both.
        var flowBody = Pipeline.FlowBody("flow", sourceId, targetId);
        flowBody["scheduleParams"] = new JsonObject { ["startTime"] = 1625040887, ["frequency"] = "minute", ["interval"] = "15", ["backfill"] = true };
        var flowId = await AssertCreateReadListPatchAsync(session, "/flows", flowBody, "?property=state==enabled",
            new JsonObject { ["op"] = "replace", ["path"] = "/scheduleParams/frequency", ["value"] = "day" },
            new JsonObject { ["op"] = "replace", ["path"] = "/scheduleParams/interval", ["value"] = "1" });
        AssertValid("POST", $"/flows/{flowId}/action?op=disable", await session.SendAsync(HttpMethod.Post, $"/flows/{flowId}/action?op=disable"));
        AssertValid("GET", $"/flows/{flowId}", await session.SendAsync(HttpMethod.Get, $"/flows/{flowId}"));

        var runs = await session.SendAsync(HttpMethod.Get, $"/runs?property=flowId=={flowId}");
        AssertValid("GET", "/runs", runs);
        var runId = (string)runs.Body!["items"]![0]!["id"]!;
        AssertValid("GET", $"/runs/{runId}", await session.SendAsync(HttpMethod.Get, $"/runs/{runId}"));

        AssertValid("GET", "/flowSpecs", await session.SendAsync(HttpMethod.Get, "/flowSpecs"));
        AssertValid("GET", $"/flowSpecs/{Pipeline.CloudStorageToAep}", await session.SendAsync(HttpMethod.Get, $"/flowSpecs/{Pipeline.CloudStorageToAep}"));
    }

    /// <summary>The request body, then the create, read, list (with <paramref name="listQuery"/>) and patch responses of
    /// one collection; returns the created id.</summary>
    private static async Task<string> AssertCreateReadListPatchAsync(EmulatorSession session, string collection, JsonObject body,
        string listQuery, params JsonObject[] patch)
    {
        AssertValidRequest("POST", collection, body);
        var created = await session.SendAsync(HttpMethod.Post, collection, body);
        AssertValid("POST", collection, created);
        var id = (string)created.Body!["id"]!;
        AssertValid("GET", $"{collection}/{id}", await session.SendAsync(HttpMethod.Get, $"{collection}/{id}"));
        AssertValid("GET", collection, await session.SendAsync(HttpMethod.Get, collection + listQuery));
        AssertValid("PATCH", $"{collection}/{id}", await session.SendAsync(HttpMethod.Patch, $"{collection}/{id}",
            new JsonArray(patch.Cast<JsonNode>().ToArray()), (string)created.Body["etag"]!));
        return id;
    }

    [Fact]
    public async Task The_emulator_requires_every_header_the_OAS_requires_on_the_pipeline_routes()
    {
        await using var session = await EmulatorSession.StartAsync();
        foreach (var path in new[] { "/sourceConnections", "/targetConnections", "/flows", "/runs", "/flowSpecs" })
        {
            foreach (var header in Sources.FindOperation("GET", path).RequiredHeaders)
            {
                using var request = session.Request(HttpMethod.Get, path);
                request.Headers.Remove(header);
                var (status, _, _) = await session.SendAsync(request);
                Assert.True(status is 400 or 401 or 403, $"GET {path} without {header} gave {status}");
            }
        }
    }
}
