namespace Provisioner.Emulator.Tests;

/// <summary>The data-pipeline routes over loopback HTTP: create, read, list, patch, delete, state actions and runs.</summary>
public class PipelineRouteTests
{
    [Fact]
    public async Task A_whole_pipeline_is_created_read_and_deleted_in_reverse()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (baseId, _) = await session.CreateMixpanelAsync("base");

        var (status, created, response) = await session.SendAsync(HttpMethod.Post, "/sourceConnections", Pipeline.SourceBody("source", baseId));
        Assert.Equal(201, status);
        var sourceId = (string)created!["id"]!;
        Assert.StartsWith("\"", (string)created["etag"]!, StringComparison.Ordinal);
        Assert.Equal($"{EmulatorPaths.SourceConnections}/{sourceId}", response.Headers.Location!.OriginalString);
        var source = await session.GetAsync("sourceConnections", sourceId);
        Assert.Equal(baseId, (string?)source["baseConnectionId"]);
        Assert.Equal(baseId, (string?)source["inheritedAttributes"]!["baseConnection"]!["id"]);
        Assert.Equal("2384945", (string?)source["params"]!["projectId"]);
        Assert.Equal("enabled", (string?)source["state"]);
        Assert.Equal((string?)created["etag"], (string?)source["etag"]);
        Assert.Equal((string?)source["etag"], (string?)source["version"]);

        var (targetId, _) = await session.CreateAsync("targetConnections", Pipeline.TargetBody("target"));
        Assert.Equal("5ef4551c52e054191a61a99f", (string?)(await session.GetAsync("targetConnections", targetId))["params"]!["dataSetId"]);

        var (flowId, _) = await session.CreateAsync("flows", Pipeline.FlowBody("flow", sourceId, targetId));
        var flow = await session.GetAsync("flows", flowId);
        Assert.Equal("enabled", (string?)flow["state"]);
        Assert.Equal(Pipeline.RestStorageToAep, (string?)flow["flowSpec"]!["id"]);
        Assert.Equal(sourceId, (string?)flow["sourceConnectionIds"]![0]);
        Assert.Equal(EmulatorSession.MixpanelSpec, (string?)flow["inheritedAttributes"]!["sourceConnections"]![0]!["connectionSpec"]!["id"]);
        Assert.Equal(1625040887L, (long)flow["scheduleParams"]!["startTime"]!);
        Assert.Equal("15", (string?)flow["scheduleParams"]!["interval"]);
        Assert.Equal($"/runs?property=flowId=={flowId}", (string?)flow["runs"]);

        // Enabled on creation, so one completed run.
        var runs = (await session.SendAsync(HttpMethod.Get, (string)flow["runs"]!)).Body!["items"]!.AsArray();
        var run = Assert.Single(runs)!;
        Assert.Equal(flowId, (string?)run["flowId"]);
        Assert.Equal("success", (string?)run["metrics"]!["statusSummary"]!["status"]);
        Assert.Equal((string?)run["id"], (string?)flow["lastRunDetails"]!["id"]);
        Assert.Equal(flowId, (string?)(await session.GetAsync("runs", (string)run["id"]!))["flowId"]);

        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/flows/{flowId}")).Status);
        var gone = await session.SendAsync(HttpMethod.Get, $"/flows/{flowId}");
        FlowAssert.Problem(gone, 1439, 404, flowId);
        Assert.Equal("flows", (string?)gone.Body!["report"]!["type"]);
        Assert.Equal(flowId, (string?)gone.Body["report"]!["id"]);
        Assert.Empty(session.Host.GetStoredResources("runs"));
        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/targetConnections/{targetId}/")).Status);
        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/sourceConnections/{sourceId}")).Status);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Delete, $"/sourceConnections/{sourceId}"), 1439, 404);
        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/connections/{baseId}")).Status);
        Assert.Empty(session.Host.GetStoredResources());
    }

    [Fact]
    public async Task References_the_service_checks_are_refused_and_nothing_is_written()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (baseId, _) = await session.CreateMixpanelAsync("base");
        var (s3BaseId, _) = await session.CreateAsync(new JsonObject
        {
            ["name"] = "s3",
            ["connectionSpec"] = new JsonObject { ["id"] = "ecadc60c-7455-4d87-84dc-2a0e293d997b", ["version"] = "1.0" },
            ["auth"] = new JsonObject { ["specName"] = "Access Key", ["params"] = new JsonObject { ["s3AccessKey"] = "k", ["s3SecretKey"] = "s" } },
        });
        var missing = Guid.NewGuid().ToString();

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/sourceConnections", Pipeline.SourceBody("s", missing)), 1101, 404, "baseConnectionId");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/sourceConnections", Pipeline.SourceBody("s", s3BaseId)), 1413, 400, s3BaseId);
        var noData = Pipeline.SourceBody("s", baseId);
        noData.Remove("data");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/sourceConnections", noData), 1304, 400, "data");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/targetConnections", Pipeline.TargetBody("t", dataSetId: "")), 1304, 400, "params.dataSetId");
        var notATarget = Pipeline.TargetBody("t");
        notATarget["connectionSpec"]!["id"] = EmulatorSession.MixpanelSpec;
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/targetConnections", notATarget), 1413, 400, "not a target connection spec");

        var (sourceId, _) = await session.CreateAsync("sourceConnections", Pipeline.SourceBody("s", baseId));
        var (s3SourceId, _) = await session.CreateAsync("sourceConnections", Pipeline.SourceBody("s3 source", s3BaseId, "ecadc60c-7455-4d87-84dc-2a0e293d997b"));
        var (targetId, _) = await session.CreateAsync("targetConnections", Pipeline.TargetBody("t"));
        var written = session.Host.GetStoredResources().Count;

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", Pipeline.FlowBody("f", missing, targetId)), 1101, 404, "sourceConnectionIds[0]");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", Pipeline.FlowBody("f", sourceId, missing)), 1101, 404, "targetConnectionIds[0]");
        // A target connection id is not a source connection id.
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", Pipeline.FlowBody("f", targetId, targetId)), 1101, 404, "sourceConnectionIds[0]");
        // CloudStorageToAEP does not carry Mixpanel; RestStorageToAEP does not carry S3.
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", Pipeline.FlowBody("f", sourceId, targetId, Pipeline.CloudStorageToAep)), 1413, 400, "does not pair");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", Pipeline.FlowBody("f", s3SourceId, targetId)), 1413, 400, "sourceConnectionSpecIds");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", Pipeline.FlowBody("f", sourceId, targetId, missing)), 1413, 400, "flow spec");
        var withState = Pipeline.FlowBody("f", sourceId, targetId);
        withState["state"] = "disabled";
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", withState), 1410, 400);
        var badSchedule = Pipeline.FlowBody("f", sourceId, targetId);
        badSchedule["scheduleParams"]!["interval"] = 5;
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", badSchedule), 1303, 400, "scheduleParams.interval");
        Assert.Equal(written, session.Host.GetStoredResources().Count);

        // The S3 pipeline pairs under CloudStorageToAEP.
        await session.CreateAsync("flows", Pipeline.FlowBody("s3 flow", s3SourceId, targetId, Pipeline.CloudStorageToAep));
    }

    [Fact]
    public async Task What_a_flow_uses_cannot_be_deleted_until_the_flow_is()
    {
        await using var session = await EmulatorSession.StartAsync();
        var ids = await session.CreatePipelineAsync();

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Delete, $"/connections/{ids.Base}"), 1418, 400, ids.Base);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Delete, $"/sourceConnections/{ids.Source}"), 1447, 400, ids.Source);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Delete, $"/targetConnections/{ids.Target}"), 1447, 400, ids.Target);

        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/flows/{ids.Flow}")).Status);
        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/connections/{ids.Base}")).Status);
        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/sourceConnections/{ids.Source}")).Status);
        Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/targetConnections/{ids.Target}")).Status);
    }

    [Fact]
    public async Task Patch_needs_the_current_etag_and_touches_only_patchable_paths()
    {
        await using var session = await EmulatorSession.StartAsync();
        var ids = await session.CreatePipelineAsync();
        var rename = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "renamed" });

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/flows/{ids.Flow}", rename), 1403, 400);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/flows/{ids.Flow}", rename, "\"stale\""), 1404, 412);
        var patched = await session.SendAsync(HttpMethod.Patch, $"/flows/{ids.Flow}", new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "renamed" },
            new JsonObject { ["op"] = "replace", ["path"] = "/scheduleParams/frequency", ["value"] = "hour" },
            new JsonObject { ["op"] = "replace", ["path"] = "/scheduleParams/interval", ["value"] = 2 },
            new JsonObject { ["op"] = "replace", ["path"] = "/transformations/0/params/mappingVersion", ["value"] = "1" }), ids.FlowEtag);
        Assert.Equal(200, patched.Status);
        var newEtag = (string)patched.Body!["etag"]!;
        Assert.NotEqual(ids.FlowEtag, newEtag);
        var flow = await session.GetAsync("flows", ids.Flow);
        Assert.Equal("renamed", (string?)flow["name"]);
        Assert.Equal("hour", (string?)flow["scheduleParams"]!["frequency"]);
        Assert.Equal("2", (string?)flow["scheduleParams"]!["interval"]);
        Assert.Equal("1", (string?)flow["transformations"]![0]!["params"]!["mappingVersion"]);
        Assert.Equal(newEtag, (string?)flow["etag"]);
        // The old etag is stale now.
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/flows/{ids.Flow}", rename, ids.FlowEtag), 1404, 412);

        // A flow's connections and spec are not patchable: a new pipeline is made instead.
        var repoint = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/sourceConnectionIds/0", ["value"] = ids.Source });
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/flows/{ids.Flow}", repoint, newEtag), 1455, 400, "not patchable");
        // A patch that leaves an invalid schedule is refused as a create would be.
        var tooOften = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/scheduleParams/frequency", ["value"] = "minute" });
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/flows/{ids.Flow}", tooOften, newEtag), 1303, 400, "at least 15");
        var missingPath = new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = "/description" });
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/flows/{ids.Flow}", missingPath, newEtag), 1455, 400, "description");
        Assert.Equal(newEtag, (string?)(await session.GetAsync("flows", ids.Flow))["etag"]);

        var target = await session.GetAsync("targetConnections", ids.Target);
        var newDataset = await session.SendAsync(HttpMethod.Patch, $"/targetConnections/{ids.Target}",
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/params/dataSetId", ["value"] = "64ef1a3c0ef" }), (string)target["etag"]!);
        Assert.Equal(200, newDataset.Status);
        Assert.Equal("64ef1a3c0ef", (string?)(await session.GetAsync("targetConnections", ids.Target))["params"]!["dataSetId"]);
        var source = await session.GetAsync("sourceConnections", ids.Source);
        var rebase = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/baseConnectionId", ["value"] = Guid.NewGuid().ToString() });
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/sourceConnections/{ids.Source}", rebase, (string)source["etag"]!), 1455, 400);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Patch, $"/sourceConnections/{Guid.NewGuid()}", rename, "\"x\""), 1439, 404);
    }

    [Fact]
    public async Task Enable_and_disable_go_through_the_action_call_and_show_on_GET()
    {
        await using var session = await EmulatorSession.StartAsync();
        var ids = await session.CreatePipelineAsync();

        // As Adobe's curl examples send it: no body, no Content-Type.
        var disabled = await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=disable");
        Assert.Equal(200, disabled.Status);
        Assert.Equal(ids.Flow, (string?)disabled.Body!["id"]);
        var flow = await session.GetAsync("flows", ids.Flow);
        Assert.Equal("disabled", (string?)flow["state"]);
        Assert.Equal((string?)disabled.Body["etag"], (string?)flow["etag"]);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=DISABLE"), 1422, 400, "current state disabled");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=enable", ifMatch: ids.FlowEtag), 1404, 412);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=pause"), 1434, 400, "pause");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action"), 1434, 400, "op");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, $"/flows/{Guid.NewGuid()}/action?op=enable"), 1439, 404);
        Assert.Single(session.Host.GetStoredResources("runs"));

        var enabled = await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=ENABLE", ifMatch: (string)flow["etag"]!);
        Assert.Equal(200, enabled.Status);
        Assert.Equal("enabled", (string?)(await session.GetAsync("flows", ids.Flow))["state"]);
        // Enabling again starts a run.
        Assert.Equal(2, (await session.SendAsync(HttpMethod.Get, $"/runs?property=flowId=={ids.Flow}&count=true")).Body!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Runs_can_be_added_through_the_control_API_and_the_newest_is_the_flows_last_run()
    {
        await using var session = await EmulatorSession.StartAsync();
        var ids = await session.CreatePipelineAsync();
        var other = await session.CreatePipelineAsync("other");

        using (var failed = await session.Http.PostAsync($"_emulator/flows/{ids.Flow}/runs",
            new StringContent("""{"status":"failed"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(201, (int)failed.StatusCode);
        }

        var flow = await session.GetAsync("flows", ids.Flow);
        Assert.Equal("failed", (string?)flow["lastRunDetails"]!["state"]);
        var succeeded = await session.Host.AddRunAsync(ids.Flow);
        Assert.Equal(succeeded, (string?)(await session.GetAsync("flows", ids.Flow))["lastRunDetails"]!["id"]);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => session.Host.AddRunAsync(Guid.NewGuid().ToString()));

        var runs = (await session.SendAsync(HttpMethod.Get, $"/runs?property=flowId=={ids.Flow}")).Body!["items"]!.AsArray();
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal(ids.Flow, (string?)r!["flowId"]));
        Assert.Single((await session.SendAsync(HttpMethod.Get, $"/runs?property=flowId=={other.Flow}")).Body!["items"]!.AsArray());
        // The control API lists every kind for tests in another process.
        var listed = JsonNode.Parse(await session.Http.GetStringAsync("_emulator/resources"))!["items"]!.AsArray();
        Assert.Equal(["sourceConnections", "targetConnections", "flows", "runs"], listed.Select(i => (string)i!["kind"]!).Distinct());
        Assert.Equal(session.Host.GetStoredResources().Select(r => r.Id), listed.Select(i => (string)i!["id"]!));

        // Runs are read-only: POST /runs is no operation of the emulator.
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/runs", new JsonObject { ["flowId"] = ids.Flow }), 9404, 404);
        Assert.Equal(4, session.Host.GetStoredResources("runs").Count);
    }

    [Fact]
    public async Task Lists_filter_sort_and_page_like_connections()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (baseId, _) = await session.CreateMixpanelAsync("base");
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add((await session.CreateAsync("sourceConnections", Pipeline.SourceBody($"source {i}", baseId))).Id);

        var seen = new List<string>();
        var href = "/sourceConnections?limit=2";
        var pages = 0;
        while (href is not null)
        {
            var page = await session.SendAsync(HttpMethod.Get, href);
            Assert.Equal(200, page.Status);
            seen.AddRange(page.Body!["items"]!.AsArray().Select(i => (string)i!["id"]!));
            href = (string?)page.Body["_links"]?["next"]?["href"];
            if (href is not null) Assert.StartsWith("/sourceConnections?continuationToken=", href, StringComparison.Ordinal);
            pages++;
        }

        Assert.Equal(created, seen);
        Assert.Equal(3, pages);
        var byName = (await session.SendAsync(HttpMethod.Get, "/sourceConnections?property=name==\"source 3\"")).Body!["items"]!.AsArray();
        Assert.Equal(created[3], (string?)Assert.Single(byName)!["id"]);
        Assert.Equal(5, (await session.SendAsync(HttpMethod.Get, $"/sourceConnections?property=baseConnectionId=={baseId}&count=true")).Body!["count"]!.GetValue<int>());
        var descending = (await session.SendAsync(HttpMethod.Get, "/sourceConnections?orderby=-name")).Body!["items"]!.AsArray();
        Assert.Equal(created.AsEnumerable().Reverse(), descending.Select(i => (string)i!["id"]!));
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, "/sourceConnections?property=password==x"), 1443, 400);

        var (targetId, _) = await session.CreateAsync("targetConnections", Pipeline.TargetBody("t"));
        var (flowId, _) = await session.CreateAsync("flows", Pipeline.FlowBody("f", created[1], targetId));
        var bySource = (await session.SendAsync(HttpMethod.Get, $"/flows?property=sourceConnectionIds=={created[1]}")).Body!["items"]!.AsArray();
        Assert.Equal(flowId, (string?)Assert.Single(bySource)!["id"]);
        Assert.Empty((await session.SendAsync(HttpMethod.Get, $"/flows?property=sourceConnectionIds=={created[0]}")).Body!["items"]!.AsArray());
        Assert.Single((await session.SendAsync(HttpMethod.Get, "/flows?property=state==enabled")).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_sandbox_sees_none_of_it()
    {
        await using var session = await EmulatorSession.StartAsync();
        var ids = await session.CreatePipelineAsync();
        session.Sandbox = "dev";

        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, $"/flows/{ids.Flow}"), 1439, 404);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, $"/sourceConnections/{ids.Source}"), 1439, 404);
        Assert.Empty((await session.SendAsync(HttpMethod.Get, "/targetConnections")).Body!["items"]!.AsArray());
        Assert.Empty((await session.SendAsync(HttpMethod.Get, "/runs")).Body!["items"]!.AsArray());
        // A flow in dev cannot use prod's connections.
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/flows", Pipeline.FlowBody("f", ids.Source, ids.Target)), 1101, 404);
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=disable"), 1439, 404);
    }

    [Fact]
    public async Task Flow_specs_are_served_from_the_catalog()
    {
        await using var session = await EmulatorSession.StartAsync();
        var all = (await session.SendAsync(HttpMethod.Get, "/flowSpecs")).Body!["items"]!.AsArray();
        Assert.Contains(all, f => (string?)f!["id"] == Pipeline.CloudStorageToAep);
        Assert.Contains(all, f => (string?)f!["id"] == "14518937-270c-4525-bdec-c2ba7cce3860");
        var cloud = Assert.Single((await session.SendAsync(HttpMethod.Get, "/flowSpecs?property=name==%22CloudStorageToAEP%22")).Body!["items"]!.AsArray())!;
        Assert.Equal(Pipeline.CloudStorageToAep, (string?)cloud["id"]);
        Assert.Contains("b7bf2577-4520-42c9-bae9-cad01560f7bc", cloud["sourceConnectionSpecIds"]!.AsArray().Select(s => (string?)s));
        Assert.Equal([Pipeline.DataLakeSpec], cloud["targetConnectionSpecIds"]!.AsArray().Select(s => (string)s!));
        var rest = await session.GetAsync("flowSpecs", Pipeline.RestStorageToAep);
        Assert.Contains(EmulatorSession.MixpanelSpec, rest["sourceConnectionSpecIds"]!.AsArray().Select(s => (string?)s));
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Get, $"/flowSpecs/{Guid.NewGuid()}"), 1101, 404);
    }
}

/// <summary>Odd bodies on the pipeline writes get a 4xx Flow body, never a crash, and write nothing.</summary>
public class PipelineBadInputTests
{
    public static TheoryData<string, string> Bodies()
    {
        var data = new TheoryData<string, string>();
        string[] bodies =
        [
            "[]", "null", "{}", "\"x\"", "{\"name\":\"\\ud800\"}", "{\"name\":\"n\",\"params\":{\"p\":\"\\ud800\"},\"data\":{\"x\":1e999999}}",
            "{\"name\":\"n\",\"connectionSpec\":[],\"data\":{}}",
            "{\"name\":\"n\",\"connectionSpec\":{\"id\":\"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb\"},\"data\":{},\"params\":{\"p\":\"\\ud800\"}}", "{\"name\":\"n\",\"flowSpec\":{\"id\":5}}",
            "{\"name\":\"n\",\"flowSpec\":{\"id\":\"9753525b-82c7-4dce-8a9b-5ccfce2b9876\"},\"sourceConnectionIds\":[null],\"targetConnectionIds\":\"x\"}",
            "{\"name\":\"n\",\"connectionSpec\":{\"id\":\"c604ff05-7f1a-43c0-8e18-33bf874cb11c\"},\"data\":{},\"params\":{\"dataSetId\":[1]}}",
            "{\"name\":\"n\",\"connectionSpec\":{\"id\":\"c604ff05-7f1a-43c0-8e18-33bf874cb11c\"},\"data\":{},\"params\":\"x\"}",
        ];
        foreach (var collection in new[] { "sourceConnections", "targetConnections", "flows" })
        {
            foreach (var body in bodies) data.Add(collection, body);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_bad_create_body_is_a_4xx_Flow_error(string collection, string body)
    {
        await using var session = await EmulatorSession.StartAsync();
        using var request = session.Request(HttpMethod.Post, "/" + collection);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var (status, json, _) = await session.SendAsync(request);
        Assert.True(status is >= 400 and < 500, $"{collection} {body} → {status} {json}");
        Assert.StartsWith("https://ns.adobe.com/aep/errors/FLOW-", (string?)json!["type"], StringComparison.Ordinal);
        Assert.Empty(session.Host.GetStoredResources());
    }

    [Theory]
    [InlineData("[{\"op\":\"replace\",\"path\":\"/scheduleParams/startTime\",\"value\":\"soon\"}]")]
    [InlineData("[{\"op\":\"add\",\"path\":\"/transformations/7\",\"value\":{}}]")]
    [InlineData("[{\"op\":\"add\",\"path\":\"/transformations/-\",\"value\":{\"name\":\"Mapping\"}}]")]
    [InlineData("[{\"op\":\"replace\",\"path\":\"/name/x\",\"value\":\"y\"}]")]
    [InlineData("[{\"op\":\"replace\",\"path\":\"/scheduleParams/~2\",\"value\":1}]")]
    [InlineData("[{\"op\":\"remove\",\"path\":\"/name\"}]")]
    [InlineData("[{\"op\":\"replace\",\"path\":\"/description\",\"value\":\"\\ud800\"}]")]
    public async Task A_bad_flow_patch_is_a_4xx_and_changes_nothing(string body)
    {
        await using var session = await EmulatorSession.StartAsync();
        var ids = await session.CreatePipelineAsync();
        using var request = session.Request(HttpMethod.Patch, $"/flows/{ids.Flow}", ifMatch: ids.FlowEtag);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var (status, json, _) = await session.SendAsync(request);
        Assert.True(status is >= 400 and < 500, $"{body} → {status} {json}");
        Assert.Equal(ids.FlowEtag, (string?)(await session.GetAsync("flows", ids.Flow))["etag"]);
    }
}
