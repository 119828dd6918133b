namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The words every host shows for the apply outcomes of a pipeline, written out: the tests that compare
/// against these functions pin where each is used, these pin what they say.</summary>
public sealed class ReconcileMessagesTests
{
    [Fact]
    public void The_halves_of_a_replacement_left_by_a_stop_say_what_happened_and_what_the_next_run_does()
    {
        Assert.Equal("the replacement is created and recorded; the old source connection sc-1 is not deleted yet (cancelled before it started): "
            + "it is recorded and the next run deletes it", ReconcileMessages.OldNotStarted("source connection", "sc-1"));
        Assert.Equal("the old connection base-1 of an earlier replacement was not deleted (cancelled before it started); it stays recorded and "
            + "the next run deletes it", ReconcileMessages.OldStillRecorded("connection", "base-1"));
    }

    [Fact]
    public void A_failed_old_half_says_the_new_one_is_recorded_and_the_old_flow_that_the_successor_waits()
    {
        Assert.Equal("the replacement is created and recorded, but the old target connection tc-1 was not deleted (HTTP 400); it stays recorded "
            + "and the next run deletes it", ReconcileMessages.OldNotDeleted("target connection", "tc-1", "HTTP 400"));
        Assert.Equal("the old dataflow flow-1 could not be deleted (HTTP 400), so its replacement was not created (both would run); the next run "
            + "tries again", ReconcileMessages.OldFlowNotDeleted("flow-1", "HTTP 400"));
    }

    [Fact]
    public void An_object_that_appeared_since_the_plan_and_a_blocked_one_name_the_ids_and_the_failures()
    {
        Assert.Equal("a dataflow named 'Ingest' appeared on the service since the plan was made (f-1, f-2); nothing was created: run again to "
            + "decide whether to adopt it", ReconcileMessages.AppearedSincePlan("dataflow", "Ingest", ["f-1", "f-2"]));
        Assert.Equal("not started because sourceConnections.a, targetConnections.b failed; the next run will do it",
            ReconcileMessages.BlockedBy(["sourceConnections.a", "targetConnections.b"]));
    }
}
