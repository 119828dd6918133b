using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>A dataflow's enabled state is declared, and switched by a separate action only when it differs from what
/// the dataflow will be after its write — a created one starts enabled on the service.</summary>
public sealed class DataflowStateTests
{
    [Theory]
    [InlineData(true, false, FlowStateAction.Disable)]
    [InlineData(false, true, FlowStateAction.Enable)]
    [InlineData(null, false, FlowStateAction.Disable)]
    public void A_recorded_dataflow_whose_declared_state_changed_is_switched_without_being_written(bool? recorded, bool desired, FlowStateAction expected)
    {
        var plan = Plan([Source(), Target(), Flow(enabled: desired)], [Recorded(Source(), "sc-1"), Recorded(Target(), "tc-1"), Recorded(Flow(enabled: recorded), "flow-1")]);

        var flow = Assert.IsType<PipelineChange.Unchanged>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal(expected, flow.StateAction);
        Assert.True(plan.HasChanges);
        Assert.Equal([$"State 2: {expected} dataflows.ingest"], plan.Describe());
    }

    [Fact]
    public void A_dataflow_declared_with_its_recorded_state_is_not_switched()
    {
        var plan = Plan([Source(), Target(), Flow(enabled: false)], [Recorded(Source(), "sc-1"), Recorded(Target(), "tc-1"), Recorded(Flow(enabled: false), "flow-1")]);

        Assert.Null(plan.For(PipelineKind.Dataflow, "ingest").StateAction);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void A_dataflow_created_disabled_is_disabled_inside_its_create_step_and_one_created_enabled_is_left_as_created()
    {
        var plan = Plan([Source(), Target(), Flow(enabled: false), Flow("other", name: "Other", enabled: true), Flow("default", name: "Default", enabled: null)], []);

        Assert.Equal(FlowStateAction.Disable, plan.For(PipelineKind.Dataflow, "ingest").StateAction);
        Assert.Null(plan.For(PipelineKind.Dataflow, "other").StateAction);
        Assert.Null(plan.For(PipelineKind.Dataflow, "default").StateAction);
        // No state wave: the switch is part of the create, so the flow never runs enabled until later waves.
        Assert.Equal("Write 2: Create dataflows.default Create dataflows.ingest Create dataflows.other", plan.Describe()[^1]);
    }

    [Fact]
    public void A_replacement_of_a_disabled_dataflow_deletes_the_old_flow_first_and_disables_its_successor_in_its_create()
    {
        var plan = Plan([Source(), Target(), Flow(enabled: false, flowSpec: CloudStorageToAep)],
            [Recorded(Source(), "sc-1"), Recorded(Target(), "tc-1"), Recorded(Flow(enabled: false), "flow-1")]);

        var flow = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal(FlowStateAction.Disable, flow.StateAction);
        Assert.Equal(["Write 2: DeleteReplaced dataflows.ingest", "Write 2: CreateReplacement dataflows.ingest"], plan.Describe());
    }

    [Theory]
    [InlineData("enabled", true, null)]
    [InlineData("enabled", false, FlowStateAction.Disable)]
    [InlineData("disabled", true, FlowStateAction.Enable)]
    [InlineData("disabled", false, null)]
    [InlineData("updating", true, FlowStateAction.Enable)]
    public void An_adopted_dataflow_is_switched_from_the_state_the_service_shows(string served, bool desired, FlowStateAction? expected)
    {
        var ids = new Dictionary<ObjectRef, string>
        {
            [new(PipelineKind.SourceConnection, "events")] = "sc-1",
            [new(PipelineKind.TargetConnection, "lake")] = "tc-1",
        };
        var found = new PipelineNameLookup([Served("flow-7", Flow(), r => ids[r], served)]);

        var plan = Plan([Source(), Target(), Flow(enabled: desired)], [Recorded(Source(), "sc-1"), Recorded(Target(), "tc-1")],
            lookups: new() { [new(PipelineKind.Dataflow, "Mixpanel to lake")] = found });

        var flow = Assert.IsType<PipelineChange.Adopt>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Empty(flow.ChangedPaths);
        Assert.Equal(expected, flow.StateAction);
    }

    [Fact]
    public void Connections_never_get_a_state_action()
    {
        var plan = Plan(WholePipeline(), []);

        Assert.Null(plan.For(PipelineKind.SourceConnection, "events").StateAction);
        Assert.Null(plan.For(PipelineKind.TargetConnection, "lake").StateAction);
    }
}
