namespace Provisioner.Core.Tests.Reconciliation;

public sealed class PlannerTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly ReconcilerOptions Options = new() { SecretRecorder = SecretValueRecorder.Fingerprint(Key) };

    private static DesiredEntry Entry(string key, string name, string? description = "d", string password = "pw", string specId = TestCatalog.MixpanelId,
        string authSpec = "Basic Authentication") =>
        new(key, new DesiredConnection(name, description, new ConnectionSpecRef(specId), authSpec,
            new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "u", ["password"] = password }),
            new HashSet<string> { "password" });

    private static RecordedConnection Recorded(DesiredEntry entry, string id) =>
        new(id, $"\"etag-{id}\"", Options.SecretRecorder.RecordedForm(entry), entry.SecretParams);

    private static Connection Live(string id, string name, string specId = TestCatalog.MixpanelId) => new()
    {
        Id = id,
        Name = name,
        Description = "d",
        ConnectionSpec = new ConnectionSpecRef(specId),
        Auth = new ConnectionAuth("Basic Authentication", new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "u", ["password"] = "xxxx" }),
        Etag = $"\"live-{id}\"",
    };

    private static ReconcilePlan Decide(IEnumerable<DesiredEntry> desired, IEnumerable<(string Key, RecordedConnection Record)> recorded,
        Dictionary<string, NameLookup>? lookups = null, ReconcilerOptions? options = null) =>
        Planner.Decide(DesiredConnectionSet.From(desired), RecordedState.From(recorded.Select(r => KeyValuePair.Create(r.Key, r.Record))),
            lookups ?? [], options ?? Options);

    [Fact]
    public void Missing_everywhere_is_created()
    {
        var plan = Decide([Entry("a", "A")], [], new() { ["a"] = new([]) });

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ConnectionAction.Create, change.Action);
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public void A_single_connection_with_the_name_is_adopted_and_only_what_differs_is_patched()
    {
        var plan = Decide([Entry("a", "A")], [], new() { ["a"] = new([Live("id-1", "A")]) });

        var change = Assert.IsType<PlannedChange.Adopt>(Assert.Single(plan.Changes));
        Assert.Equal(ConnectionAction.Adopt, change.Action);
        Assert.Equal("id-1", change.Existing.Id);
        // The service masks secrets, so the password is written; identical readable params are not.
        Assert.Equal(["auth.params.password"], change.ChangedPaths);
        Assert.Equal("/auth/params/password", Assert.Single(change.Changes.Patch).Path);
    }

    [Fact]
    public void Two_connections_with_the_name_are_ambiguous_and_never_guessed()
    {
        var plan = Decide([Entry("a", "A")], [], new() { ["a"] = new([Live("id-1", "A"), Live("id-2", "A")]) });

        var change = Assert.Single(plan.Changes);
        Assert.Equal("2 connections on the service are named 'A' (ids id-1, id-2); refusing to guess which one is meant: "
            + "delete the extra connections or give the definition a different name", change.Error);
        Assert.False(plan.HasChanges);
    }

    private static readonly ReconcilerOptions NeverAdopt = new() { SecretRecorder = Options.SecretRecorder, CreatePolicy = CreatePolicy.NeverAdopt };

    [Fact]
    public void Under_NeverAdopt_a_name_match_is_a_create_beside_it_that_says_so_and_never_takes_it()
    {
        var plan = Decide([Entry("a", "A")], [], new() { ["a"] = new([Live("id-1", "A"), Live("id-2", "A")]) }, NeverAdopt);

        var change = Assert.IsType<PlannedChange.Create>(Assert.Single(plan.Changes));
        Assert.Null(change.Error);
        Assert.Equal(["id-1", "id-2"], change.Preexisting.Select(c => c.Id));
        Assert.Equal("2 connection(s) named 'A' already exist (id-1, id-2); a new one is created beside them (names are not unique on the service). "
            + "To manage an existing one instead, import it (Pulumi: `pulumi import aep:flowservice:BaseConnection <resource-name> <id>`)", change.Note);
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public void Under_NeverAdopt_no_name_match_is_a_plain_create()
    {
        var change = Assert.IsType<PlannedChange.Create>(Assert.Single(Decide([Entry("a", "A")], [], new() { ["a"] = new([]) }, NeverAdopt).Changes));

        Assert.Equal(ConnectionAction.Create, change.Action);
        Assert.Null(change.Error);
        Assert.Null(change.Note);
    }

    [Fact]
    public void A_name_match_with_another_spec_is_not_adopted()
    {
        var plan = Decide([Entry("a", "A")], [], new() { ["a"] = new([Live("id-1", "A", specId: TestCatalog.S3Id)]) });

        Assert.Contains("differs in connectionSpec.id", Assert.Single(plan.Changes).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_recorded_under_another_kept_key_is_never_adopted()
    {
        // b renames its connection away from "A" while the new key a takes the name "A".
        var b = Entry("b", "B");
        var plan = Decide([Entry("a", "A"), b], [("b", Recorded(Entry("b", "A"), "id-b"))], new() { ["a"] = new([Live("id-b", "A")]) });

        Assert.Equal([("a", ConnectionAction.Create), ("b", ConnectionAction.Update)], plan.Changes.Select(c => (c.Key, c.Action)));
    }

    [Fact]
    public void Renaming_a_key_moves_the_connection_instead_of_deleting_it()
    {
        var old = Entry("old", "A");
        var plan = Decide([Entry("new", "A")], [("old", Recorded(old, "id-1"))], new() { ["new"] = new([Live("id-1", "A")]) });

        Assert.Equal([("new", ConnectionAction.Adopt), ("old", ConnectionAction.Forget)], plan.Changes.Select(c => (c.Key, c.Action)));
    }

    [Fact]
    public void Unchanged_recorded_connection_including_its_fingerprinted_secret_is_a_no_op()
    {
        var entry = Entry("a", "A", password: "s3cret");
        var plan = Decide([entry], [("a", Recorded(entry, "id-1"))]);

        Assert.Equal(ConnectionAction.NoOp, Assert.Single(plan.Changes).Action);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void A_changed_secret_is_detected_through_its_fingerprint_and_patched_with_the_real_value()
    {
        var plan = Decide([Entry("a", "A", password: "new-secret")], [("a", Recorded(Entry("a", "A", password: "old-secret"), "id-1"))]);

        var change = Assert.IsType<PlannedChange.Update>(Assert.Single(plan.Changes));
        Assert.Equal(ConnectionAction.Update, change.Action);
        Assert.Equal(["auth.params.password"], change.ChangedPaths);
        Assert.Equal("new-secret", Assert.Single(change.Changes.Patch).Value!.GetValue<string>());
    }

    [Fact]
    public void A_description_change_is_one_patch_operation()
    {
        var plan = Decide([Entry("a", "A", description: "new")], [("a", Recorded(Entry("a", "A", description: "old"), "id-1"))]);

        var change = Assert.IsType<PlannedChange.Update>(Assert.Single(plan.Changes));
        Assert.Equal(ConnectionAction.Update, change.Action);
        var operation = Assert.Single(change.Changes.Patch);
        Assert.Equal(("replace", "/description", "new"), (operation.Op, operation.Path, operation.Value!.GetValue<string>()));
    }

    [Theory]
    [InlineData(TestCatalog.S3Id, "Basic Authentication")]
    [InlineData(TestCatalog.MixpanelId, "Other Auth")]
    public void Spec_or_auth_type_change_is_a_replace(string specId, string authSpec)
    {
        var plan = Decide([Entry("a", "A", specId: specId, authSpec: authSpec)], [("a", Recorded(Entry("a", "A"), "id-1"))]);

        var change = Assert.IsType<PlannedChange.Replace>(Assert.Single(plan.Changes));
        Assert.Equal(ConnectionAction.Replace, change.Action);
        Assert.Empty(change.Changes.Patch);
        Assert.Equal([specId == TestCatalog.S3Id ? "connectionSpec.id" : "auth.specName"], change.Changes.ReplacePaths);
    }

    [Fact]
    public void A_removed_definition_is_deleted_or_with_retention_forgotten()
    {
        var recorded = ("gone", Recorded(Entry("gone", "G"), "id-g"));

        Assert.Equal(ConnectionAction.Delete, Assert.Single(Decide([], [recorded]).Changes).Action);
        var retained = new ReconcilerOptions { RetainRemoved = true, SecretRecorder = Options.SecretRecorder };
        Assert.Equal(ConnectionAction.Forget, Assert.Single(Decide([], [recorded], options: retained).Changes).Action);
    }

    [Fact]
    public void A_failed_name_lookup_is_an_error_not_a_create()
    {
        var plan = Decide([Entry("a", "A")], [], new() { ["a"] = new([], "could not look up") });

        Assert.Equal("could not look up", Assert.Single(plan.Changes).Error);
        Assert.False(plan.HasChanges);
    }
}
