using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>Re-reading a recorded pipeline object (<see cref="PipelineRefresh.Derive"/>): what counts as drift — a
/// declared member changed or gone, a reference the service no longer shows, a dataflow switched — and what does not:
/// the service's own fields, the casing of ids, a transitional state.</summary>
public sealed class PipelineRefreshTests
{
    private static readonly Dictionary<ObjectRef, string> Ids = new()
    {
        [ObjectRef.BaseConnection("mixpanel")] = "base-1",
        [new(PipelineKind.SourceConnection, "events")] = "sc-1",
        [new(PipelineKind.TargetConnection, "lake")] = "tc-1",
    };

    private static string? IdOf(ObjectRef r) => Ids.GetValueOrDefault(r);

    private static string Known(ObjectRef r) => Ids[r];

    [Fact]
    public void Only_declared_members_are_taken_and_a_declared_member_gone_or_null_is_dropped()
    {
        var record = Recorded(Source(description: "said"), "sc-1");
        var live = Served("sc-1", Source(description: "said"), Known, edit: item =>
        {
            item["params"] = new JsonObject { ["path"] = "moved" };
            item.Remove("data");
            item["description"] = null;
            item["inheritedAttributes"] = new JsonObject { ["x"] = 1 };
        });

        var refreshed = PipelineRefresh.Derive(record, live, IdOf);

        Assert.Equal($$"""{"connectionSpec":{"id":"{{MixpanelSourceSpec}}","version":"1.0"},"params":{"path":"moved"},"name":"Mixpanel events"}""",
            refreshed.Inputs.Body.ToJsonString());
        Assert.Equal("\"served-sc-1\"", refreshed.Etag);
        Assert.Equal(("sc-1", PipelineKind.SourceConnection, "events"), (refreshed.Id, refreshed.Kind, refreshed.Key));
    }

    [Fact]
    public void A_reference_the_service_still_shows_stays_whatever_the_id_casing()
    {
        var record = Recorded(Flow(), "flow-1");
        var live = Served("flow-1", Flow(), r => Known(r).ToUpperInvariant(), DataflowStates.Enabled);

        var refreshed = PipelineRefresh.Derive(record, live, IdOf);

        Assert.Equal(record.Inputs.References.Keys.Order(), refreshed.Inputs.References.Keys.Order());
        Assert.False(PipelineDiff.Compute(record.Inputs, refreshed.Inputs).HasChanges);
    }

    [Fact]
    public void A_reference_that_points_elsewhere_or_whose_object_is_unknown_is_dropped()
    {
        var record = Recorded(Flow(), "flow-1");
        var live = Served("flow-1", Flow(), r => r.Kind == PipelineKind.SourceConnection ? "sc-other" : Known(r));

        var refreshed = PipelineRefresh.Derive(record, live, IdOf);
        var withoutIds = PipelineRefresh.Derive(record, Served("flow-1", Flow(), Known));

        Assert.Equal(["targetConnectionIds"], refreshed.Inputs.References.Keys);
        Assert.Empty(withoutIds.Inputs.References);
        Assert.Equal(["sourceConnectionIds"], PipelineDiff.Compute(record.Inputs, refreshed.Inputs).ReplacePaths);
    }

    [Theory]
    [InlineData(true, DataflowStates.Disabled, false)]
    [InlineData(false, DataflowStates.Enabled, true)]
    [InlineData(false, "updating", false)]
    [InlineData(true, null, true)]
    public void A_dataflow_takes_its_settled_state_from_the_service(bool recorded, string? served, bool expected)
    {
        var record = Recorded(Flow(enabled: recorded), "flow-1");

        var refreshed = PipelineRefresh.Derive(record, Served("flow-1", Flow(), Known, served), IdOf);

        Assert.Equal(expected, refreshed.Inputs.Enabled);
    }

    [Fact]
    public void A_connection_never_gets_a_state_even_if_one_is_served()
    {
        var record = Recorded(Target(), "tc-1");

        var refreshed = PipelineRefresh.Derive(record, Served("tc-1", Target(), Known, DataflowStates.Disabled), IdOf);

        Assert.Null(refreshed.Inputs.Enabled);
        Assert.False(PipelineDiff.Compute(record.Inputs, refreshed.Inputs).HasChanges);
    }

    [Fact]
    public void A_declared_sub_member_the_service_shows_as_null_is_left_out_not_taken_as_null()
    {
        var part = ServedMembers.Declared("params", new JsonObject { ["path"] = "/a", ["window"] = 7 }, new JsonObject { ["path"] = null, ["window"] = 7 });

        Assert.Equal("""{"window":7}""", part!.ToJsonString());
    }
}
