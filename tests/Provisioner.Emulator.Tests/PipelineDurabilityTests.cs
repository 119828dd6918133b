namespace Provisioner.Emulator.Tests;

/// <summary>The pipeline routes persist like connections, take faults like connections, and are journaled.</summary>
public sealed class PipelineDurabilityTests() : DataFileTests("emulator-pipeline-")
{
    [Fact]
    public async Task A_pipeline_its_state_and_its_runs_survive_a_restart()
    {
        Pipeline.Ids ids;
        string disabledEtag, deletedTarget;
        await using (var session = await EmulatorSession.StartAsync(new EmulatorOptions { DataFile = DataFile }))
        {
            ids = await session.CreatePipelineAsync();
            disabledEtag = (string)(await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=disable")).Body!["etag"]!;
            (deletedTarget, _) = await session.CreateAsync("targetConnections", Pipeline.TargetBody("deleted"));
            Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/targetConnections/{deletedTarget}")).Status);
        }

        await using var restarted = await EmulatorSession.StartAsync(new EmulatorOptions { DataFile = DataFile });
        var flow = await restarted.GetAsync("flows", ids.Flow);
        Assert.Equal("disabled", (string?)flow["state"]);
        Assert.Equal(disabledEtag, (string?)flow["etag"]);
        Assert.Equal(ids.Source, (string?)flow["sourceConnectionIds"]![0]);
        Assert.Equal("success", (string?)flow["lastRunDetails"]!["state"]);
        Assert.Equal(ids.Base, (string?)(await restarted.GetAsync("sourceConnections", ids.Source))["inheritedAttributes"]!["baseConnection"]!["id"]);
        Assert.Equal("5ef4551c52e054191a61a99f", (string?)(await restarted.GetAsync("targetConnections", ids.Target))["params"]!["dataSetId"]);
        FlowAssert.Problem(await restarted.SendAsync(HttpMethod.Get, $"/targetConnections/{deletedTarget}"), 1439, 404);
        Assert.Equal(["sourceConnections", "targetConnections", "flows", "runs"], restarted.Host.GetStoredResources().Select(r => r.Kind));

        // New resources keep sorting after the old ones (the shared insertion sequence is persisted).
        var (newTarget, _) = await restarted.CreateAsync("targetConnections", Pipeline.TargetBody("after restart"));
        Assert.Equal(newTarget, restarted.Host.GetStoredResources()[^1].Id);
        // References resolve against restored state.
        FlowAssert.Problem(await restarted.SendAsync(HttpMethod.Delete, $"/connections/{ids.Base}"), 1418, 400);
    }

    [Fact]
    public async Task A_data_file_from_before_pipelines_still_loads()
    {
        await using (var session = await EmulatorSession.StartAsync(new EmulatorOptions { DataFile = DataFile }))
        {
            await session.CreateMixpanelAsync("old");
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(DataFile))!.AsObject();
        json.Remove("resources");
        await File.WriteAllTextAsync(DataFile, json.ToJsonString());
        await using var restarted = await EmulatorHost.StartAsync(new EmulatorOptions { DataFile = DataFile });
        Assert.Single(restarted.GetStoredConnections());
        Assert.Empty(restarted.GetStoredResources());
    }

    [Fact]
    public async Task Faults_hit_the_new_routes_and_the_journal_records_them()
    {
        await using var session = await EmulatorSession.StartAsync();
        var (baseId, _) = await session.CreateMixpanelAsync("base");

        session.Host.Faults.FailNext(1, 503, method: "POST", path: "/sourceConnections");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, "/sourceConnections", Pipeline.SourceBody("s", baseId)), 1103, 503);
        Assert.Empty(session.Host.GetStoredResources());

        // A dropped answer after the commit: the client sees a reset, the source connection exists.
        session.Host.Faults.DropResponseAfterCommit(count: 1, path: "/sourceConnections");
        await Assert.ThrowsAsync<HttpRequestException>(() => session.SendAsync(HttpMethod.Post, "/sourceConnections", Pipeline.SourceBody("committed", baseId)));
        var stored = Assert.Single(session.Host.GetStoredResources(), r => r.Kind == "sourceConnections");
        Assert.Equal("committed", stored.Text("name"));

        var ids = await session.CreatePipelineAsync();
        session.Host.Faults.FailNext(1, 503, method: "POST", path: "/flows/*/action");
        FlowAssert.Problem(await session.SendAsync(HttpMethod.Post, $"/flows/{ids.Flow}/action?op=disable"), 1103, 503);
        Assert.Equal("enabled", (string?)(await session.GetAsync("flows", ids.Flow))["state"]);

        Assert.Equal("status:503", session.Host.Journal.Matching("POST", EmulatorPaths.SourceConnections)[0].Fault);
        Assert.Contains(session.Host.Journal.Matching("POST", EmulatorPaths.Flows), e => e.Status == 201);
        Assert.Contains(session.Host.Journal.Matching("GET", $"{EmulatorPaths.Flows}/{ids.Flow}"), e => e.Status == 200);
    }
}
