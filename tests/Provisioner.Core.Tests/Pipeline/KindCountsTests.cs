namespace Provisioner.Core.Tests.Pipeline;

/// <summary>The counts every host reports (the CLI's "No changes. …", the set's delete message): dependency order,
/// kinds with none left out, base connections always said when nothing else is.</summary>
public sealed class KindCountsTests
{
    [Fact]
    public void Kinds_are_counted_in_dependency_order_and_kinds_with_none_are_left_out()
    {
        ObjectRef[] objects =
        [
            new(PipelineKind.Dataflow, "f"), ObjectRef.BaseConnection("a"), new(PipelineKind.SourceConnection, "s1"),
            ObjectRef.BaseConnection("b"), new(PipelineKind.SourceConnection, "s2"),
        ];

        Assert.Equal("2 connection(s), 2 source connection(s), 1 dataflow(s)", KindCounts.Describe(objects));
        Assert.Equal("1 target connection(s)", KindCounts.Describe([new ObjectRef(PipelineKind.TargetConnection, "t")]));
    }

    [Fact]
    public void Nothing_at_all_is_zero_connections()
    {
        Assert.Equal("0 connection(s)", KindCounts.Describe(Array.Empty<ObjectRef>()));
        Assert.Equal("0 connection(s)", KindCounts.Describe(RecordedState.Empty));
    }

    [Fact]
    public void A_state_counts_its_base_connections_and_its_pipeline()
    {
        var state = RecordedState.Empty with
        {
            Connections = RecordedState.Empty.Connections.Add("mixpanel", new RecordedConnection("base-1", "e",
                new DesiredConnection("M", null, new ConnectionSpecRef("s", "1.0"), "Basic", new JsonObject()), new HashSet<string>())),
            Pipeline = RecordedState.PipelineFrom(PipelineFixture.RecordedPipeline()),
        };

        Assert.Equal("1 connection(s), 1 source connection(s), 1 target connection(s), 1 dataflow(s)", KindCounts.Describe(state));
    }
}
