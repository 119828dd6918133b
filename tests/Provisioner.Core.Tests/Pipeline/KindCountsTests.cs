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
}
