using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>Writes go up the levels (a POST needs its references' ids), deletes come down (the service refuses to
/// delete what a flow uses), and everything within a wave is independent.</summary>
public sealed class WaveOrderTests
{
    [Fact]
    public void A_new_pipeline_is_created_in_dependency_order_with_independent_objects_in_one_wave()
    {
        var plan = Plan([Flow(), Target(), Source(), Source("clicks", name: "Mixpanel clicks", path: "clicks")], [], Bases([Base()], []));

        Assert.Equal(
        [
            "Write 0: Create connections.mixpanel",
            "Write 1: Create sourceConnections.clicks Create sourceConnections.events Create targetConnections.lake",
            "Write 2: Create dataflows.ingest",
        ], plan.Describe());
    }

    [Fact]
    public void A_full_teardown_deletes_in_reverse_dependency_order()
    {
        var plan = Plan([], RecordedPipeline(), Bases([], [(Base(), "base-1")]));

        Assert.Equal(
        [
            "Delete 2: Delete dataflows.ingest",
            "Delete 1: Delete sourceConnections.events Delete targetConnections.lake",
            "Delete 0: Delete connections.mixpanel",
        ], plan.Describe());
        Assert.Equal(3, plan.Count(ConnectionAction.Delete));
        Assert.Empty(plan.Errors);
    }

    [Fact]
    public void A_mixed_plan_writes_up_then_switches_then_deletes_down()
    {
        // clicks is new beside events; the lake target is patched; the old flow goes, a new disabled one comes.
        var recorded = RecordedPipeline().Append(Recorded(Flow("old", name: "Old flow"), "flow-0"));
        var desired = new[]
        {
            Source(), Source("clicks", name: "Mixpanel clicks", path: "clicks"), Target(name: "Events dataset v2"), Flow(),
            Flow("clicks-in", source: "clicks", name: "Clicks to lake", enabled: false),
        };

        var plan = Plan(desired, recorded);

        Assert.Equal(
        [
            "Write 1: Create sourceConnections.clicks Update targetConnections.lake",
            "Write 2: Create dataflows.clicks-in", // created disabled: the switch is inside the create step
            "Delete 2: Delete dataflows.old",
        ], plan.Describe());
        Assert.Equal(["clicks", "events", "lake", "clicks-in", "ingest", "old"], plan.Changes.Select(c => c.Ref.Key));
    }

    [Fact]
    public void The_same_input_gives_the_same_plan_whatever_order_it_came_in()
    {
        var desired = new[] { Flow(), Target(), Source(), Source("clicks", name: "Mixpanel clicks"), Target("lake2", name: "Lake 2") };
        var recorded = RecordedPipeline().Append(Recorded(Target("gone", name: "Gone"), "tc-9")).ToArray();

        var once = Plan(desired, recorded, Bases([Base(specId: "0a3b4a5c-0000-4000-8000-000000000001")], [(Base(), "base-1")]));
        var again = Plan(desired.Reverse(), recorded.Reverse(), Bases([Base(specId: "0a3b4a5c-0000-4000-8000-000000000001")], [(Base(), "base-1")]));

        Assert.Equal(once.Describe(), again.Describe());
        Assert.Equal(once.Changes.Select(c => (c.Ref, c.Action, string.Join(",", c.ChangedPaths))),
            again.Changes.Select(c => (c.Ref, c.Action, string.Join(",", c.ChangedPaths))));
    }
}
