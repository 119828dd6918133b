namespace Provisioner.FlowService.Tests.Contract;

/// <summary>
/// The pipeline operations (source connections, target connections, flows, flow actions, flow specs, runs) checked
/// against Adobe's OpenAPI description, both ways: every request the client sends is a documented operation with its
/// required headers and a body that fits the operation's schema; every answer shaped by the OAS response schema (the
/// samples here are validated against it first) is read into the client's models without losing a field.
/// </summary>
public sealed class OpenApiPipelineContractTests
{
    private static readonly OpenApiContract Adobe = OpenApiContract.LoadAdobe("flow-service.yaml");

    private const string Id = "3d17a4ff-9e0a-4f7c-94bb-bc0b61a3a76d";
    private const string FlowSpecId = "9753525b-82c7-4dce-8a9b-5ccfce2b9876";

    public static TheoryData<string> Operations =>
    [
        "create-source", "create-target", "create-flow",
        "get-source", "get-target", "get-flow",
        "find-source", "find-target", "find-flow",
        "update-source", "update-target", "update-flow",
        "delete-source", "delete-target", "delete-flow",
        "enable-flow", "disable-flow", "flow-spec", "flow-spec-by-name", "runs",
    ];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_request_matches_a_documented_operation_with_its_required_headers(string operation)
    {
        var request = await CaptureAsync(operation);

        var documented = DocumentedRequest.Of(Adobe, request);

        // Every query parameter sent is one the operation declares (property, orderby, limit, op, …).
        Assert.All(QueryNames(request), name => Assert.Contains(name, documented.QueryParameters));
    }

    [Theory]
    [InlineData("create-source", "createSourceConnection")]
    [InlineData("create-target", "createTargetConnection")]
    [InlineData("create-flow", "createFlow")]
    public async Task The_create_body_is_sent_as_given_and_validates_against_the_operations_request_schema(string operation, string operationId)
    {
        var request = await CaptureAsync(operation);
        var sent = JsonNode.Parse(request.Body!);
        var documented = DocumentedRequest.Of(Adobe, request); // by the request's own method and path

        var check = documented.ValidateRequest(sent);

        Assert.Equal(operationId, documented.OperationId);
        Assert.True(check.IsValid, check.ToString());
        Assert.True(JsonNode.DeepEquals(Body(operation), sent), "the client must send the body unchanged");
        Assert.Equal("application/json", request.Header("Content-Type"));
    }

    [Theory]
    [InlineData("create-source")]
    [InlineData("create-flow")]
    public void The_create_schema_check_can_fail(string operation)
    {
        // Guard against a vacuous schema: a body that breaks it must be reported invalid.
        var documented = Adobe.FindOperation("POST", operation == "create-flow" ? "/flows" : "/sourceConnections");

        Assert.False(documented.ValidateRequest(new JsonObject { ["name"] = "x", ["data"] = "not-an-object" }).IsValid);
    }

    [Theory]
    [InlineData("update-source", "patchSourceConnection")]
    [InlineData("update-target", "patchTargetConnection")]
    [InlineData("update-flow", "patchFlow")]
    public async Task The_patch_is_an_array_of_PatchInstructions_up_to_letter_case_with_If_Match(string operation, string operationId)
    {
        var request = await CaptureAsync(operation);
        var documented = DocumentedRequest.Of(Adobe, request); // by the request's own method and path

        Assert.Equal(operationId, documented.OperationId);
        Assert.Equal(Responses.Etag, request.Header("if-match"));

        // The OAS spells ops in upper case and types every value as an object; Adobe's tutorials (which the client
        // follows, reference §1.6) send lower-case ops and plain values for /name. Each instruction has the OAS's op and
        // path; one with an object value must fit PatchInstruction whole once its op is upper-cased.
        var instructions = Assert.IsType<JsonArray>(JsonNode.Parse(request.Body!));
        Assert.All(instructions, node =>
        {
            Assert.Contains(((string)node!["op"]!).ToUpperInvariant(), new[] { "ADD", "REPLACE", "REMOVE" });
            Assert.StartsWith("/", (string)node["path"]!);
        });
        var withObject = instructions.Single(i => i!["value"] is JsonObject)!.DeepClone().AsObject();
        withObject["op"] = ((string)withObject["op"]!).ToUpperInvariant();
        var check = documented.ValidateRequest(new JsonArray(withObject));
        Assert.True(check.IsValid, check.ToString());
    }

    [Theory]
    [InlineData("enable-flow", "ENABLE")]
    [InlineData("disable-flow", "DISABLE")]
    public async Task The_flow_action_sends_a_documented_op(string operation, string op)
    {
        var request = await CaptureAsync(operation);
        var documented = Adobe.FindOperation("POST", request.Uri.AbsolutePath);

        Assert.Equal("postStateTransition", documented.OperationId);
        // Lower case as Adobe's dataflow tutorials send it (the OAS enum is upper case; the service takes either). The
        // OAS also marks subOp required, which no tutorial sends for enable/disable: the client follows the tutorials.
        Assert.Equal(op, Query(request, "op")!.ToUpperInvariant());
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task Runs_are_asked_for_one_flow_newest_first()
    {
        var request = await CaptureAsync("runs");

        Assert.Equal("listFlowRuns", Adobe.FindOperation("GET", request.Uri.AbsolutePath).OperationId);
        Assert.Equal($"flowId=={Id}", Query(request, "property"));
        Assert.Equal("-createdAt", Query(request, "orderby"));
        Assert.Equal("1", Query(request, "limit"));
    }

    public static TheoryData<string, string, int> Answers => new()
    {
        { "get-source", "/sourceConnections/{SOURCE_CONNECTION_ID}", 200 },
        { "get-target", "/targetConnections/{TARGET_CONNECTION_ID}", 200 },
        { "get-flow", "/flows/{FLOW_ID}", 200 },
        { "runs", "/runs", 200 },
        { "flow-spec", "/flowSpecs/{FLOW_SPEC_ID}", 200 },
        { "create-flow", "/flows", 201 },
        { "update-source", "/sourceConnections/{SOURCE_CONNECTION_ID}", 200 },
        { "update-flow", "/flows/{FLOW_ID}", 200 },
        { "enable-flow", "/flows/{FLOW_ID}/action", 200 },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void The_sample_answers_fit_the_documented_response_schemas(string operation, string path, int status)
    {
        var method = operation switch
        {
            _ when operation.StartsWith("update", StringComparison.Ordinal) => "PATCH",
            _ when operation.StartsWith("create", StringComparison.Ordinal) || operation.EndsWith("able-flow", StringComparison.Ordinal) => "POST",
            _ => "GET",
        };
        var documented = Adobe.FindOperation(method, path.Replace("{", "x", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal));

        var check = documented.ValidateResponse(status, JsonNode.Parse(AnswerJson(operation)));

        Assert.True(check.IsValid, check.ToString());
    }

    [Fact]
    public async Task A_flow_item_shaped_by_FlowItemDTO_is_read_whole()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, AnswerJson("get-flow")));
        using var client = TestClients.Create(transport);

        var flow = await client.GetObjectAsync(PipelineRoute.Flows, Id);

        Assert.NotNull(flow);
        Assert.Equal(Id, flow.Id);
        Assert.Equal("Mixpanel flow", flow.Name);
        Assert.Equal(Responses.Etag, flow.Etag);
        Assert.Equal("enabled", flow.State);
        Assert.Equal(1670284443204, flow.CreatedAt);
        Assert.Equal(1670284532205, flow.UpdatedAt);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(AnswerJson("get-flow"))!["items"]![0], flow.Item));
    }

    [Fact]
    public async Task A_run_shaped_by_FlowRunItemDTO_gives_its_status_timing_and_metrics()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, AnswerJson("runs")));
        using var client = TestClients.Create(transport);

        var run = Assert.Single(await client.ListRunsAsync(Id));

        Assert.Equal("7af3ba45-4952-4371-8361-1b30134be7eb", run.Id);
        Assert.Equal(Id, run.FlowId);
        Assert.Equal("success", run.Status);
        Assert.Equal(1670444654036, run.StartedAt);
        Assert.Equal(1670444685455, run.CompletedAt);
        Assert.Equal("\"7e08a7b4-0000-0200-0000-6390f6a30000\"", run.Etag);
        Assert.Equal(2, run.Metrics!.RecordSummary!.InputRecordCount);
        Assert.Equal(0, run.Metrics.RecordSummary.FailedRecordCount);
        Assert.Equal(1884, run.Metrics.SizeSummary!.OutputBytes);
        Assert.Equal(1, run.Metrics.FileSummary!.InputFileCount);
    }

    [Fact]
    public async Task A_patch_answered_in_the_OAS_list_shape_gives_the_new_etag_too()
    {
        // The OAS documents PATCH /sourceConnections/{id} as SourceConnectionsListResponse; tutorials show {id, etag}.
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, AnswerJson("update-source")));
        using var client = TestClients.Create(transport);

        var updated = await client.UpdateObjectAsync(PipelineRoute.SourceConnections, Id, Responses.Etag, [JsonPatchOperation.Replace("/name", "n")]);

        Assert.Equal(new ConnectionRef(Id, "\"e-2\""), updated);
    }

    [Fact]
    public async Task A_flow_spec_shaped_by_FlowSpecItemDTO_says_which_specs_it_pairs()
    {
        var transport = new FakeTransport().Responding(_ => Responses.Json(HttpStatusCode.OK, AnswerJson("flow-spec")));
        using var client = TestClients.Create(transport);

        var spec = await client.GetFlowSpecAsync(FlowSpecId);

        Assert.Equal("CloudStorageToAEP", spec!.Name);
        Assert.True(spec.Pairs("ecadc60c-7455-4d87-84dc-2a0e293d997b", PipelineBodies.DataLakeSpec));
        Assert.False(spec.Pairs(Samples.MixpanelSpecId, PipelineBodies.DataLakeSpec));
    }

    private static async Task<RecordedRequest> CaptureAsync(string operation)
    {
        var transport = new FakeTransport().Responding(request => request.Method.Method switch
        {
            "POST" when operation.StartsWith("create", StringComparison.Ordinal) => Responses.Created(Id),
            "POST" or "PATCH" => Responses.Json(HttpStatusCode.OK, $$"""{"id":"{{Id}}","etag":"\"e-2\""}"""),
            "DELETE" => Responses.Status(HttpStatusCode.NoContent),
            _ => Responses.Json(HttpStatusCode.OK, AnswerJson(operation)),
        });
        using var client = TestClients.Create(transport);
        var route = operation.EndsWith("-source", StringComparison.Ordinal) ? PipelineRoute.SourceConnections
            : operation.EndsWith("-target", StringComparison.Ordinal) ? PipelineRoute.TargetConnections
            : PipelineRoute.Flows;
        var verb = operation.Split('-')[0];
        switch (verb)
        {
            case "create":
                await client.CreateObjectAsync(route, Body(operation));
                break;
            case "get":
                await client.GetObjectAsync(route, Id);
                break;
            case "find":
                await client.FindObjectsByNameAsync(route, "Mixpanel flow");
                break;
            case "update":
                await client.UpdateObjectAsync(route, Id, Responses.Etag,
                    [
                        JsonPatchOperation.Replace("/name", "renamed"),
                        route == PipelineRoute.Flows
                            ? JsonPatchOperation.Replace("/scheduleParams", new JsonObject { ["startTime"] = 1590091157, ["frequency"] = "hour", ["interval"] = "1" })
                            : JsonPatchOperation.Replace("/params", new JsonObject { ["path"] = "events-2" }),
                    ]);
                break;
            case "delete":
                await client.DeleteObjectAsync(route, Id);
                break;
            case "enable" or "disable":
                await client.SetFlowEnabledAsync(Id, verb == "enable");
                break;
            case "flow" when operation == "flow-spec":
                await client.GetFlowSpecAsync(FlowSpecId);
                break;
            case "flow":
                await client.FindFlowSpecByNameAsync("CloudStorageToAEP");
                break;
            case "runs":
                await client.ListRunsAsync(Id);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }

        return Assert.Single(transport.FlowRequests);
    }

    /// <summary>Create bodies as the OAS shapes them (its examples), e.g. <c>ScheduleSpecDTO</c>'s integer startTime.</summary>
    private static JsonObject Body(string operation) => operation switch
    {
        "create-source" => new JsonObject
        {
            ["name"] = "Mixpanel source", ["baseConnectionId"] = "69f188b6-af07-4587-8061-e94d34637b41", ["description"] = "events",
            ["connectionSpec"] = new JsonObject { ["id"] = Samples.MixpanelSpecId, ["version"] = "1.0" },
            ["data"] = new JsonObject { ["format"] = "json" }, ["params"] = new JsonObject { ["path"] = "events" },
        },
        "create-target" => new JsonObject
        {
            ["name"] = "Data Lake target",
            ["connectionSpec"] = new JsonObject { ["id"] = PipelineBodies.DataLakeSpec, ["version"] = "1.0" },
            ["data"] = new JsonObject { ["format"] = "parquet_xdm", ["schema"] = new JsonObject { ["id"] = "https://ns.adobe.com/acme/schemas/1", ["version"] = "application/vnd.adobe.xed-full+json;version=1.0" } },
            ["params"] = new JsonObject { ["dataSetId"] = "638e6c7b5679741b63ff5c24" },
        },
        _ => new JsonObject
        {
            ["name"] = "Mixpanel flow", ["description"] = "events to the data lake",
            ["flowSpec"] = new JsonObject { ["id"] = FlowSpecId, ["version"] = "1.0" },
            ["sourceConnectionIds"] = new JsonArray("eb19c882-f19c-4d63-ad21-1d7ba9b21a85"),
            ["targetConnectionIds"] = new JsonArray("eea7eaf4-3fe5-4792-b59b-2ec24c3e8331"),
            ["transformations"] = new JsonArray(new JsonObject { ["name"] = "Mapping", ["params"] = new JsonObject { ["mappingId"] = "bf52", ["mappingVersion"] = "0" } }),
            ["scheduleParams"] = new JsonObject { ["startTime"] = 1590091157, ["frequency"] = "minute", ["interval"] = "15", ["backfill"] = true },
        },
    };

    /// <summary>Answers in the OAS response shapes (values from its examples).</summary>
    private static string AnswerJson(string operation) => operation switch
    {
        "runs" => """
            {"items":[{"id":"7af3ba45-4952-4371-8361-1b30134be7eb","createdAt":1670444672602,"updatedAt":1670444707059,
              "flowId":"3d17a4ff-9e0a-4f7c-94bb-bc0b61a3a76d","flowSpec":{"id":"9753525b-82c7-4dce-8a9b-5ccfce2b9876","version":"1.0"},
              "eTag":"\"7e08a7b4-0000-0200-0000-6390f6a30000\"",
              "metrics":{"durationSummary":{"startedAtUTC":1670444654036,"completedAtUTC":1670444685455},
                "sizeSummary":{"inputBytes":124,"outputBytes":1884},
                "recordSummary":{"inputRecordCount":2,"createdRecordCount":2,"outputRecordCount":2,"failedRecordCount":0},
                "fileSummary":{"inputFileCount":1,"outputFileCount":1},
                "statusSummary":{"status":"success"}}}]}
            """,
        "flow-spec" or "flow-spec-by-name" => """
            {"items":[{"id":"9753525b-82c7-4dce-8a9b-5ccfce2b9876","name":"CloudStorageToAEP","providerId":"0ed90a81-07f4-4586-8190-b40eccef1c5a",
              "version":"1.0","sourceConnectionSpecIds":["ecadc60c-7455-4d87-84dc-2a0e293d997b"],
              "targetConnectionSpecIds":["c604ff05-7f1a-43c0-8e18-33bf874cb11c"]}]}
            """,
        "create-flow" or "update-flow" or "enable-flow" => $$"""{"id":"{{Id}}","etag":"\"e-2\""}""",
        "update-source" => $$"""{"items":[{"id":"{{Id}}","name":"n","etag":"\"e-2\"","version":"\"e-2\"","state":"enabled"}]}""",
        "get-source" or "find-source" => $$"""
            {"items":[{"id":"{{Id}}","createdAt":1670276871555,"updatedAt":1670276871555,"name":"Mixpanel flow","state":"enabled",
              "baseConnectionId":"69f188b6-af07-4587-8061-e94d34637b41","data":{"format":"json"},
              "connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb","version":"1.0"},"params":{"path":"events"},
              "version":{{Json(Responses.Etag)}},"etag":{{Json(Responses.Etag)}} }]}
            """,
        "get-target" or "find-target" => $$"""
            {"items":[{"id":"{{Id}}","createdAt":1670279178771,"updatedAt":1670279178771,"name":"Mixpanel flow","state":"enabled",
              "data":{"format":"parquet_xdm"},"connectionSpec":{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c","version":"1.0"},
              "params":{"dataSetId":"638e6c7b5679741b63ff5c24"},"version":{{Json(Responses.Etag)}},"etag":{{Json(Responses.Etag)}} }]}
            """,
        _ => $$"""
            {"items":[{"id":"{{Id}}","createdAt":1670284443204,"updatedAt":1670284532205,"name":"Mixpanel flow",
              "flowSpec":{"id":"9753525b-82c7-4dce-8a9b-5ccfce2b9876","version":"1.0"},"state":"enabled",
              "version":{{Json(Responses.Etag)}},"etag":{{Json(Responses.Etag)}},
              "sourceConnectionIds":["eb19c882-f19c-4d63-ad21-1d7ba9b21a85"],"targetConnectionIds":["eea7eaf4-3fe5-4792-b59b-2ec24c3e8331"],
              "scheduleParams":{"startTime":1590091157,"frequency":"minute","interval":"15"},
              "transformations":[{"name":"Mapping","params":{"mappingId":"bf52","mappingVersion":"0"} }],
              "runs":"/runs?property=flowId=={{Id}}",
              "lastRunDetails":{"id":"98fbed6e-f896-4b19-b279-b0d56d732d8d","state":"success","startedAtUTC":1670284458833,"completedAtUTC":1670284518048} }]}
            """,
    };

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string[] QueryNames(RecordedRequest request) =>
        request.Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0])).ToArray();

    private static string? Query(RecordedRequest request, string name) =>
        request.Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => Uri.UnescapeDataString(p[0]) == name)
            .Select(p => Uri.UnescapeDataString(p[1]))
            .FirstOrDefault();
}
