namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The rules a loaded state must meet, each named with its key.</summary>
public sealed class RecordedStateValidatorTests
{
    private static RecordedConnection Record(string id, string etag = "e", string name = "N", string specId = "s", string version = "1.0") =>
        new(id, etag, new DesiredConnection(name, null, new ConnectionSpecRef(specId, version), "Basic", new JsonObject()), new HashSet<string>());

    [Fact]
    public void A_usable_state_has_no_problems()
    {
        Assert.Empty(RecordedStateValidator.Validate(RecordedState.From([KeyValuePair.Create("a", Record("id-a")), KeyValuePair.Create("b", Record("id-b"))])));
    }

    [Fact]
    public void Every_broken_rule_is_one_line_naming_its_key()
    {
        var problems = RecordedStateValidator.Validate(RecordedState.From(
        [
            KeyValuePair.Create("a", Record("ID-1")),
            KeyValuePair.Create("b", Record("id-1")),
            KeyValuePair.Create("c", Record(" ", etag: "")),
            KeyValuePair.Create("d", Record("id-d", name: " ")),
            KeyValuePair.Create("e", Record("id-e", specId: "")),
            KeyValuePair.Create("f", Record("id-f", version: " ")),
            KeyValuePair.Create(" ", Record("id-g")),
        ]));

        Assert.Equal(
        [
            "a connection is recorded under an empty key",
            "key 'b': id id-1 is also recorded for key 'a'",
            "key 'c': the recorded id is empty",
            "key 'c': the recorded etag is empty",
            "key 'd': the recorded name is empty",
            "key 'e': the recorded connection spec id or version is empty",
            "key 'f': the recorded connection spec id or version is empty",
        ], problems);
    }

    [Fact]
    public void An_old_half_with_the_id_of_a_current_object_or_recorded_twice_is_refused()
    {
        var current = RecordedState.Empty with
        {
            Pipeline = RecordedState.PipelineFrom(Provisioner.Core.Tests.Pipeline.PipelineFixture.RecordedPipeline()),
        };
        var flowId = current.Pipeline.Values.First(r => r.Kind == PipelineKind.Dataflow).Id;
        var state = current with
        {
            Superseded = [new SupersededObject(new ObjectRef(PipelineKind.Dataflow, "ingest"), flowId, []),
                new SupersededObject(ObjectRef.BaseConnection("a"), "old-1", []), new SupersededObject(ObjectRef.BaseConnection("b"), "old-1", [])],
        };

        var problems = RecordedStateValidator.Validate(state);

        Assert.Equal([$"old dataflows.ingest: id {flowId} is recorded as replaced, but a current object has it too",
            "old connections.b: id old-1 is recorded as replaced twice"], problems);
    }

    [Fact]
    public void A_pipeline_object_or_old_half_with_an_empty_key_or_id_is_refused_naming_its_kind()
    {
        var source = Provisioner.Core.Tests.Pipeline.PipelineFixture.Source();
        var state = RecordedState.Empty with
        {
            Pipeline = RecordedState.PipelineFrom(
            [
                Provisioner.Core.Tests.Pipeline.PipelineFixture.Recorded(source with { Key = " " }, "src-1"),
                Provisioner.Core.Tests.Pipeline.PipelineFixture.Recorded(Provisioner.Core.Tests.Pipeline.PipelineFixture.Flow(), " ") with { Etag = "" },
            ]),
            Superseded = [new SupersededObject(ObjectRef.BaseConnection(""), "old-1", []), new SupersededObject(new ObjectRef(PipelineKind.TargetConnection, "lake"), " ", [])],
        };

        var problems = RecordedStateValidator.Validate(state);

        Assert.Equal(
        [
            "a source connection is recorded under an empty key",
            "'dataflows.ingest': the recorded id is empty",
            "'dataflows.ingest': the recorded etag is empty",
            "an old object of a replacement is recorded under an empty key",
            "old targetConnections.lake: the recorded id is empty",
        ], problems);
    }
}
