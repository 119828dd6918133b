namespace Provisioner.FlowService.Tests.Emulator;

/// <summary>The pipeline operations (source connections, target connections, flows, flow specs, runs) over real
/// loopback HTTP against the emulator: the same guarantees as for connections on every kind.</summary>
public sealed class PipelineAgainstEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string FlowService = "/data/foundation/flowservice";

    public Task InitializeAsync() => emulator.Host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<PipelineRoute> Routes => [PipelineRoute.SourceConnections, PipelineRoute.TargetConnections, PipelineRoute.Flows];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Create_then_read_back_by_id_and_by_name_with_the_raw_item_and_its_etag(PipelineRoute route)
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var body = await BodyForAsync(client, route, "read-me");

        var created = await client.CreateObjectAsync(route, body);

        Assert.Matches("^\".+\"$", created.Etag);
        var read = await client.GetObjectAsync(route, created.Id);
        Assert.NotNull(read);
        Assert.Equal(created.Id, read.Id);
        Assert.Equal("read-me", read.Name);
        Assert.Equal(created.Etag, read.Etag);
        Assert.Equal("enabled", read.State);
        Assert.NotNull(read.CreatedAt);
        Assert.Equal(created.Id, (string?)read.Item["id"]);
        foreach (var field in new[] { "connectionSpec", "flowSpec", "params", "data", "scheduleParams", "sourceConnectionIds" })
        {
            // Every declared field comes back in the raw item, as the planner needs to compare it.
            if (body[field] is { } declared)
            {
                Assert.True(read.Item[field] is not null, $"{route}: the item lacks '{field}'");
                Assert.Equal(declared.GetValueKind(), read.Item[field]!.GetValueKind());
            }
        }

        var found = await client.FindObjectsByNameAsync(route, "read-me");
        Assert.Equal(created.Id, Assert.Single(found).Id);
        Assert.Empty(await client.FindObjectsByNameAsync(route, "read-m"));
        Assert.Contains(emulator.Host.Journal.Matching("GET", $"{FlowService}/{Path(route)}"), e => e.Query.Contains("property=name", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Update_with_the_current_etag_succeeds_and_a_stale_one_gets_a_typed_412_naming_the_kind(PipelineRoute route)
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateObjectAsync(route, await BodyForAsync(client, route, "patch-me"));

        var updated = await client.UpdateObjectAsync(route, created.Id, created.Etag, [JsonPatchOperation.Replace("/name", "patched")]);

        Assert.Equal(created.Id, updated.Id);
        Assert.NotEqual(created.Etag, updated.Etag);
        var read = await client.GetObjectAsync(route, created.Id);
        Assert.Equal("patched", read!.Name);
        Assert.Equal(updated.Etag, read.Etag);

        var stale = await Assert.ThrowsAsync<FlowServiceException>(() =>
            client.UpdateObjectAsync(route, created.Id, created.Etag, [JsonPatchOperation.Replace("/name", "lost update")]));
        Assert.True(stale.IsPreconditionFailed);
        Assert.Equal("FLOW-1404-412", stale.ErrorCode);
        Assert.False(stale.MayHaveCommitted);
        Assert.Contains($"Re-read the {Noun(route)}", stale.Message);
        Assert.Equal("patched", (await client.GetObjectAsync(route, created.Id))!.Name);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Missing_objects_read_as_null_and_delete_says_whether_anything_was_there(PipelineRoute route)
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateObjectAsync(route, await BodyForAsync(client, route, "delete-me"));
        // Nothing uses it, so it may go (a flow listing a source or target connection blocks that connection's delete).
        Assert.True(await client.DeleteObjectAsync(route, created.Id));
        Assert.False(await client.DeleteObjectAsync(route, created.Id));

        Assert.Null(await client.GetObjectAsync(route, created.Id));
        Assert.Null(await client.GetObjectAsync(route, "00000000-0000-0000-0000-000000000000"));
        var gone = await Assert.ThrowsAsync<FlowServiceException>(() =>
            client.UpdateObjectAsync(route, created.Id, created.Etag, [JsonPatchOperation.Replace("/name", "x")]));
        Assert.True(gone.IsNotFound);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_create_whose_answer_is_lost_is_not_repeated_says_it_may_have_committed_and_is_found_by_name(PipelineRoute route)
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var body = await BodyForAsync(client, route, "dropped");
        emulator.Host.Journal.Clear();
        emulator.Host.Faults.DropResponseAfterCommit(count: 1, path: "/" + Path(route));

        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.CreateObjectAsync(route, body));

        Assert.True(error.MayHaveCommitted);
        Assert.Contains($"The {Noun(route)} may have been created anyway; find it by name", error.Message);
        Assert.Single(emulator.Host.Journal.Matching("POST", $"{FlowService}/{Path(route)}"));
        Assert.Single(await client.FindObjectsByNameAsync(route, "dropped"));
    }

    [Fact]
    public async Task Find_by_name_follows_continuation_pages_on_a_pipeline_collection()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        // More than one default page (100) of the same name, plus a near-miss that must not match.
        await Task.WhenAll(Enumerable.Range(0, 103).Select(_ => client.CreateObjectAsync(PipelineRoute.TargetConnections, PipelineBodies.Target("dup"))));
        await client.CreateObjectAsync(PipelineRoute.TargetConnections, PipelineBodies.Target("dup2"));
        emulator.Host.Journal.Clear();

        var found = await client.FindObjectsByNameAsync(PipelineRoute.TargetConnections, "dup");

        Assert.Equal(103, found.Select(o => o.Id).Distinct().Count());
        Assert.All(found, o => Assert.Equal("dup", o.Name));
        var pages = emulator.Host.Journal.Matching("GET", $"{FlowService}/targetConnections");
        Assert.Contains(pages, p => p.Query.Contains("continuationToken=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Find_by_names_shares_one_filtered_request_and_list_streams_small_pages()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        foreach (var name in new[] { "t-a", "t-a", "t-b", "t-c", "t-d" })
        {
            await client.CreateObjectAsync(PipelineRoute.TargetConnections, PipelineBodies.Target(name));
        }

        emulator.Host.Journal.Clear();
        var found = await client.FindObjectsByNamesAsync(PipelineRoute.TargetConnections, ["t-a", "t-b", "t-none"]);

        Assert.Equal(2, found["t-a"].Count);
        Assert.Single(found["t-b"]);
        Assert.Empty(found["t-none"]);
        Assert.Single(emulator.Host.Journal.Matching("GET", $"{FlowService}/targetConnections"));

        emulator.Host.Journal.Clear();
        var names = new List<string?>();
        await foreach (var item in client.ListObjectsAsync(PipelineRoute.TargetConnections, new ConnectionQuery { PageSize = 2 }))
        {
            names.Add(item.Name);
        }

        Assert.Equal(["t-a", "t-a", "t-b", "t-c", "t-d"], names);
        Assert.Equal(3, emulator.Host.Journal.Matching("GET", $"{FlowService}/targetConnections").Count);
    }

    [Fact]
    public async Task A_flow_is_disabled_and_enabled_with_its_action_and_a_stale_If_Match_is_refused()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateObjectAsync(PipelineRoute.Flows, await BodyForAsync(client, PipelineRoute.Flows, "switch"));

        var disabled = await client.SetFlowEnabledAsync(created.Id, enabled: false, created.Etag);
        Assert.Equal(created.Id, disabled.Id);
        Assert.Equal("disabled", (await client.GetObjectAsync(PipelineRoute.Flows, created.Id))!.State);

        var stale = await Assert.ThrowsAsync<FlowServiceException>(() => client.SetFlowEnabledAsync(created.Id, enabled: true, created.Etag));
        Assert.True(stale.IsPreconditionFailed);
        Assert.Contains("Re-read the dataflow", stale.Message);

        var enabled = await client.SetFlowEnabledAsync(created.Id, enabled: true);
        var read = await client.GetObjectAsync(PipelineRoute.Flows, created.Id);
        Assert.Equal("enabled", read!.State);
        Assert.Equal(enabled.Etag, read.Etag);
        var action = emulator.Host.Journal.Matching("POST", $"{FlowService}/flows/{created.Id}/action");
        Assert.Equal(["op=disable", "op=enable", "op=enable"], action.Select(a => a.Query.TrimStart('?')));

        var missing = await Assert.ThrowsAsync<FlowServiceException>(() => client.SetFlowEnabledAsync("00000000-0000-0000-0000-000000000000", enabled: false));
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task Flow_specs_are_read_by_id_and_by_name_once_per_client()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());

        var byName = await client.FindFlowSpecByNameAsync("RestStorageToAEP");
        var byId = await client.GetFlowSpecAsync(PipelineBodies.RestStorageToAep);
        await client.FindFlowSpecByNameAsync("RestStorageToAEP");
        await client.GetFlowSpecAsync(PipelineBodies.RestStorageToAep);

        Assert.Equal(PipelineBodies.RestStorageToAep, byName!.Id);
        Assert.Equal("RestStorageToAEP", byId!.Name);
        Assert.True(byId.Pairs(Samples.MixpanelSpecId, PipelineBodies.DataLakeSpec));
        Assert.False(byId.Pairs(PipelineBodies.DataLakeSpec, Samples.MixpanelSpecId));
        Assert.Single(emulator.Host.Journal.Matching("GET", $"{FlowService}/flowSpecs/{PipelineBodies.RestStorageToAep}"));
        Assert.Single(emulator.Host.Journal.Matching("GET", $"{FlowService}/flowSpecs"), e => e.Query.Contains("property=", StringComparison.Ordinal));
        Assert.Null(await client.GetFlowSpecAsync("00000000-0000-0000-0000-000000000000"));
        Assert.Null(await client.FindFlowSpecByNameAsync("NoSuchFlowSpec"));
    }

    [Fact]
    public async Task Runs_of_a_flow_come_newest_first_with_status_timing_and_metrics()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var flow = await client.CreateObjectAsync(PipelineRoute.Flows, await BodyForAsync(client, PipelineRoute.Flows, "runs"));
        var other = await client.CreateObjectAsync(PipelineRoute.Flows, await BodyForAsync(client, PipelineRoute.Flows, "other"));
        var failed = await emulator.Host.AddRunAsync(flow.Id, succeeded: false);
        await emulator.Host.AddRunAsync(other.Id);

        var last = Assert.Single(await client.ListRunsAsync(flow.Id));
        var all = await client.ListRunsAsync(flow.Id, maxRuns: 10);

        Assert.Equal(failed, last.Id);
        Assert.Equal("failed", last.Status);
        Assert.Equal(flow.Id, last.FlowId);
        Assert.NotNull(last.StartedAt);
        Assert.NotNull(last.CompletedAt);
        Assert.Equal(0, last.Metrics!.RecordSummary!.InputRecordCount);
        Assert.Equal(2, all.Count);
        Assert.Equal(failed, all[0].Id);
        Assert.Equal("success", all[1].Status);
        Assert.All(all, r => Assert.Equal(flow.Id, r.FlowId));
        Assert.Contains(emulator.Host.Journal.Matching("GET", $"{FlowService}/runs"), e => e.Query.Contains("orderby=-createdAt", StringComparison.Ordinal));
        Assert.Empty(await client.ListRunsAsync("00000000-0000-0000-0000-000000000000"));
    }

    [Fact]
    public async Task A_create_the_service_refuses_is_a_clear_error_that_did_not_commit()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());

        var error = await Assert.ThrowsAsync<FlowServiceException>(() =>
            client.CreateObjectAsync(PipelineRoute.Flows, PipelineBodies.Flow("dangling", "no-such-source", "no-such-target")));

        // A 4xx with the service's code (the emulator answers the catalogue's "not found" for the dangling ids).
        Assert.InRange((int)error.StatusCode!, 400, 499);
        Assert.StartsWith("FLOW-", error.ErrorCode);
        Assert.False(error.MayHaveCommitted);
        Assert.DoesNotContain("may have been created", error.Message);
        Assert.Empty(emulator.Host.GetStoredResources("flows"));
        var nameless = Assert.Throws<ArgumentException>(() => { _ = client.CreateObjectAsync(PipelineRoute.TargetConnections, new JsonObject { ["data"] = new JsonObject() }); });
        Assert.Contains("no name", nameless.Message);
    }

    /// <summary>A valid create body for <paramref name="route"/>, creating what it references first.</summary>
    private static async Task<JsonObject> BodyForAsync(FlowServiceClient client, PipelineRoute route, string name)
    {
        if (route == PipelineRoute.TargetConnections)
        {
            return PipelineBodies.Target(name);
        }

        var baseConnection = await client.CreateConnectionAsync(Samples.Mixpanel(name + " base"));
        if (route == PipelineRoute.SourceConnections)
        {
            return PipelineBodies.Source(name, baseConnection.Id);
        }

        var source = await client.CreateObjectAsync(PipelineRoute.SourceConnections, PipelineBodies.Source(name + " source", baseConnection.Id));
        var target = await client.CreateObjectAsync(PipelineRoute.TargetConnections, PipelineBodies.Target(name + " target"));
        return PipelineBodies.Flow(name, source.Id, target.Id);
    }

    private static string Path(PipelineRoute route) => route switch
    {
        PipelineRoute.SourceConnections => "sourceConnections",
        PipelineRoute.TargetConnections => "targetConnections",
        _ => "flows",
    };

    private static string Noun(PipelineRoute route) => route switch
    {
        PipelineRoute.SourceConnections => "source connection",
        PipelineRoute.TargetConnections => "target connection",
        _ => "dataflow",
    };
}
