using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

public sealed class PipelineDecisionTests
{
    private static readonly ObjectRef Ingest = new(PipelineKind.Dataflow, "ingest");

    [Fact]
    public void The_pipeline_as_recorded_is_unchanged_and_plans_no_step()
    {
        var plan = Plan(WholePipeline(), RecordedPipeline());

        Assert.All(plan.Changes, c => Assert.IsType<PipelineChange.Unchanged>(c));
        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Waves);
    }

    [Fact]
    public void A_patchable_change_is_one_update_whose_patch_reaches_inside_objects_and_whose_if_match_is_the_recorded_etag()
    {
        var plan = Plan([Source(path: "events-v2", description: "all events"), Target(), Flow(interval: 30)], RecordedPipeline());

        var source = Assert.IsType<PipelineChange.Update>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Equal(["description", "params.path"], source.ChangedPaths);
        Assert.Equal([("add", "/description"), ("replace", "/params/path")], source.Changes.Patch.Select(o => (o.Op, o.Path)));
        Assert.Equal("events-v2", source.Changes.Patch[1].Value!.GetValue<string>());
        Assert.Equal("\"etag-sc-1\"", source.Recorded.Etag);
        var flow = Assert.IsType<PipelineChange.Update>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal(["scheduleParams.interval"], flow.ChangedPaths);
        Assert.Equal("/scheduleParams/interval", Assert.Single(flow.Changes.Patch).Path);
        Assert.IsType<PipelineChange.Unchanged>(plan.For(PipelineKind.TargetConnection, "lake"));
    }

    [Fact]
    public void A_non_patchable_change_is_a_replacement_that_says_which_field_forced_it()
    {
        var plan = Plan([Source(), Target(), Flow(flowSpec: CloudStorageToAep)], RecordedPipeline());

        var flow = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal(["flowSpec.id"], flow.Changes.ReplacePaths);
        Assert.Empty(flow.Changes.Patch);
        Assert.Equal("replaced because flowSpec.id cannot be changed in place", flow.Reason);
    }

    [Fact]
    public void A_patchable_and_a_non_patchable_change_together_are_one_replacement_with_no_patch()
    {
        var plan = Plan([Source(path: "other", specId: "0a3b4a5c-0000-4000-8000-000000000001"), Target(), Flow()], RecordedPipeline());

        var source = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Equal(["connectionSpec.id", "params.path"], source.ChangedPaths);
        Assert.Equal(["connectionSpec.id"], source.Changes.ReplacePaths);
        Assert.Empty(source.Changes.Patch);
    }

    [Fact]
    public void A_reference_to_another_key_is_a_replacement_naming_both_keys()
    {
        var bases = Bases([Base(), Base("mixpanel-eu", "Mixpanel EU")], [(Base(), "base-1"), (Base("mixpanel-eu", "Mixpanel EU"), "base-2")]);

        var plan = Plan([Source(baseKey: "mixpanel-eu"), Target(), Flow()], RecordedPipeline(), bases);

        var source = Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Equal(["baseConnectionId"], source.Changes.ReplacePaths);
        Assert.Equal("replaced because baseConnectionId now names connections.mixpanel-eu (was connections.mixpanel)", source.Reason);
        Assert.Equal("replaced because sourceConnections.events is replaced",
            Assert.IsType<PipelineChange.Replace>(plan.For(PipelineKind.Dataflow, "ingest")).Reason);
    }

    [Fact]
    public void An_object_no_longer_declared_is_deleted_or_with_retention_forgotten()
    {
        var deleted = Plan([Source(), Target()], RecordedPipeline());
        var retained = Plan([Source(), Target()], RecordedPipeline(), options: Retaining);

        Assert.Equal("flow-1", Assert.IsType<PipelineChange.Delete>(deleted.For(PipelineKind.Dataflow, "ingest")).Recorded.Id);
        Assert.IsType<PipelineChange.Forget>(retained.For(PipelineKind.Dataflow, "ingest"));
        Assert.Equal(["Delete 2: Delete dataflows.ingest"], deleted.Describe());
        Assert.Empty(retained.Waves);
    }

    [Fact]
    public void Missing_everywhere_is_created_and_a_preview_without_lookups_shows_creates()
    {
        var plan = Plan(WholePipeline(), []);

        Assert.All(plan.Changes, c => Assert.IsType<PipelineChange.Create>(c));
        Assert.All(plan.Changes, c => Assert.Null(((PipelineChange.Create)c).Note));
        Assert.Equal(3, plan.Count(ConnectionAction.Create));
    }

    [Fact]
    public void The_one_same_named_object_pointing_at_the_same_ids_is_adopted_and_only_what_differs_is_patched()
    {
        var ids = new Dictionary<ObjectRef, string> { [ObjectRef.BaseConnection("mixpanel")] = "base-1" };
        var served = Served("sc-9", Source(path: "old"), r => ids[r]);

        var plan = Plan([Source()], [], lookups: new() { [new(PipelineKind.SourceConnection, "Mixpanel events")] = new([served]) });

        var adopt = Assert.IsType<PipelineChange.Adopt>(plan.For(PipelineKind.SourceConnection, "events"));
        Assert.Same(served, adopt.Existing);
        // Served-only fields (id, etag, createdAt) never count as differences.
        Assert.Equal(["params.path"], adopt.ChangedPaths);
        Assert.Equal(["Write 1: Adopt sourceConnections.events"], plan.Describe());
    }

    [Fact]
    public void A_same_named_object_pointing_elsewhere_is_not_adopted_with_the_wording_of_base_connections()
    {
        var served = Served("sc-9", Source(), _ => "some-other-base");

        var plan = Plan([Source()], [], lookups: new() { [new(PipelineKind.SourceConnection, "Mixpanel events")] = new([served]) });

        Assert.Equal("a source connection named 'Mixpanel events' already exists (id sc-9) but differs in baseConnectionId, which cannot be changed "
            + "in place; it is not adopted: rename the definition or delete that source connection", plan.For(PipelineKind.SourceConnection, "events").Error);
        Assert.Empty(plan.Waves);
    }

    [Fact]
    public void A_same_named_object_cannot_be_adopted_for_a_reference_this_plan_creates_anew()
    {
        var served = Served("sc-9", Source(), _ => "base-1");

        var plan = Plan([Source()], [], Bases([Base()], []), lookups: new() { [new(PipelineKind.SourceConnection, "Mixpanel events")] = new([served]) });

        Assert.Equal(ConnectionAction.Adopt, plan.For(PipelineKind.SourceConnection, "events").Action);
        Assert.Contains("differs in baseConnectionId", plan.For(PipelineKind.SourceConnection, "events").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_same_named_objects_are_ambiguous_and_never_guessed()
    {
        var found = new PipelineNameLookup([Served("tc-8", Target(), _ => ""), Served("tc-9", Target(), _ => "")]);

        var plan = Plan([Target()], [], lookups: new() { [new(PipelineKind.TargetConnection, "Events dataset")] = found });

        var refused = Assert.IsType<PipelineChange.Refused>(plan.For(PipelineKind.TargetConnection, "lake"));
        Assert.Equal(ConnectionAction.Adopt, refused.Action);
        Assert.Equal("2 target connections on the service are named 'Events dataset' (ids tc-8, tc-9); refusing to guess which one is meant: "
            + "delete the extra target connections or give the definition a different name", refused.Error);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void Under_NeverAdopt_a_name_match_is_a_create_beside_it_that_says_so()
    {
        var found = new PipelineNameLookup([Served("tc-8", Target(), _ => "")]);

        var plan = Plan([Target()], [], options: NeverAdopt, lookups: new() { [new(PipelineKind.TargetConnection, "Events dataset")] = found });

        var create = Assert.IsType<PipelineChange.Create>(plan.For(PipelineKind.TargetConnection, "lake"));
        Assert.Equal("1 target connection(s) named 'Events dataset' already exist (tc-8); a new one is created beside them (names are not unique "
            + "on the service). To manage an existing one instead, import it (Pulumi: `pulumi import aep:flowservice:TargetConnection <resource-name> <id>`)",
            create.Note);
    }

    [Fact]
    public void An_object_recorded_under_another_kept_key_is_never_adopted()
    {
        var lake2 = Target("lake2");
        var served = Served("tc-1", Target(), _ => "");

        var plan = Plan([Target(), lake2], [Recorded(Target(), "tc-1")],
            lookups: new() { [new(PipelineKind.TargetConnection, "Events dataset")] = new([served]) });

        Assert.IsType<PipelineChange.Create>(plan.For(PipelineKind.TargetConnection, "lake2"));
    }

    [Fact]
    public void Renaming_a_key_moves_the_object_instead_of_deleting_it()
    {
        var served = Served("tc-1", Target(), _ => "");

        var plan = Plan([Target("dataset")], [Recorded(Target(), "tc-1")],
            lookups: new() { [new(PipelineKind.TargetConnection, "Events dataset")] = new([served]) });

        Assert.IsType<PipelineChange.Adopt>(plan.For(PipelineKind.TargetConnection, "dataset"));
        Assert.IsType<PipelineChange.Forget>(plan.For(PipelineKind.TargetConnection, "lake"));
    }

    [Fact]
    public void A_failed_or_missing_name_lookup_is_an_error_not_a_create()
    {
        var plan = Plan([Target(), Source()], [], lookups: new() { [new(PipelineKind.TargetConnection, "Events dataset")] = new([], "HTTP 503 from the service") });

        Assert.Equal("HTTP 503 from the service", plan.For(PipelineKind.TargetConnection, "lake").Error);
        Assert.Equal("no name lookup was made", plan.For(PipelineKind.SourceConnection, "events").Error);
    }

    [Fact]
    public void A_reference_to_an_undeclared_object_is_refused_as_dangling()
    {
        var plan = Plan([Flow(target: "nowhere"), Source(), Target()], []);

        Assert.Equal("dataflows.ingest references targetConnections.nowhere, which is not declared (a dangling reference): declare it or change the reference",
            plan.For(PipelineKind.Dataflow, "ingest").Error);
        Assert.DoesNotContain(plan.Waves.SelectMany(w => w.Steps), s => s.Ref == Ingest);
    }

    [Fact]
    public void An_object_whose_base_connection_was_refused_is_refused_and_so_are_its_dependants()
    {
        var live = new Connection { Id = "x", Name = "Mixpanel", ConnectionSpec = new ConnectionSpecRef(MixpanelSourceSpec), Etag = "\"e\"" };
        var bases = Planner.Decide(DesiredConnectionSet.From([Base()]), RecordedState.Empty,
            new Dictionary<string, NameLookup> { ["mixpanel"] = new([live, live with { Id = "y" }]) }, Options);

        var plan = Plan(WholePipeline(), [], bases);

        Assert.Equal("sourceConnections.events cannot be planned: connections.mixpanel, which it uses, has no decision (see its error)",
            plan.For(PipelineKind.SourceConnection, "events").Error);
        Assert.Equal("dataflows.ingest cannot be planned: sourceConnections.events, which it uses, has no decision (see its error)",
            plan.For(PipelineKind.Dataflow, "ingest").Error);
        Assert.Equal(["Write 1: Create targetConnections.lake"], plan.Describe());
    }

    [Fact]
    public void Removing_an_object_a_declared_one_still_uses_refuses_its_delete()
    {
        var plan = Plan([Source(), Flow()], RecordedPipeline());

        Assert.Equal("targetConnections.lake is removed from the definitions but is still used by dataflows.ingest; it is not deleted: "
            + "remove or re-point those definitions, or declare it again", plan.For(PipelineKind.TargetConnection, "lake").Error);
        Assert.Empty(plan.Waves);
    }
}
