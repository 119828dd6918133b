namespace Provisioner.Core.Tests.Connections;

/// <summary>The labels a plan shows (changed paths, in a fixed order), the JSON Patch it sends, and when there is
/// no change at all.</summary>
public sealed class ConnectionDiffLabelTests
{
    private static DesiredConnection Connection(string name = "N", string? description = "d", string specId = "abc", string version = "1.0",
        string specName = "Basic", JsonObject? parameters = null) =>
        new(name, description, new ConnectionSpecRef(specId, version), specName, parameters ?? new JsonObject { ["host"] = "h" });

    [Fact]
    public void Every_changed_field_is_labelled_in_a_fixed_order_and_replace_wins_over_patch()
    {
        var changes = ConnectionDiff.Compute(Connection(),
            Connection(name: "M", description: "e", specId: "xyz", version: "2.0", specName: "OAuth", parameters: new JsonObject { ["host"] = "i" }));

        Assert.Equal(["connectionSpec.id", "connectionSpec.version", "auth.specName", "name", "description", "auth.params.host"], changes.ChangedPaths);
        Assert.Equal(["connectionSpec.id", "connectionSpec.version", "auth.specName"], changes.ReplacePaths);
        Assert.True(changes.HasChanges);
        Assert.True(changes.RequiresReplace);
        Assert.Empty(changes.Patch);
    }

    [Fact]
    public void A_version_change_alone_requires_replace()
    {
        var changes = ConnectionDiff.Compute(Connection(version: "1.0"), Connection(version: "1.1"));
        Assert.Equal(["connectionSpec.version"], changes.ChangedPaths);
        Assert.Equal(["connectionSpec.version"], changes.ReplacePaths);
        Assert.Empty(changes.Patch);
    }

    [Fact]
    public void Version_comparison_is_exact()
    {
        Assert.True(ConnectionDiff.Compute(Connection(version: "1.0"), Connection(version: "1.0 ")).HasChanges);
    }

    [Fact]
    public void An_auth_spec_name_differing_only_in_case_is_a_change()
    {
        var changes = ConnectionDiff.Compute(Connection(specName: "Basic"), Connection(specName: "basic"));
        Assert.Equal(["auth.specName"], changes.ReplacePaths);
    }

    [Fact]
    public void A_name_differing_only_in_case_is_patched()
    {
        var changes = ConnectionDiff.Compute(Connection(name: "n"), Connection(name: "N"));
        Assert.Equal(["name"], changes.ChangedPaths);
        Assert.False(changes.RequiresReplace);
        Assert.Equal(JsonPatchOperation.Replace("/name", "N") with { Value = null }, changes.Patch.Single() with { Value = null });
        Assert.Equal("N", changes.Patch.Single().Value!.GetValue<string>());
    }

    [Fact]
    public void An_empty_and_a_missing_description_are_the_same()
    {
        Assert.False(ConnectionDiff.Compute(Connection(description: null), Connection(description: "")).HasChanges);
        Assert.Same(ConnectionChanges.None, ConnectionDiff.Compute(Connection(description: ""), Connection(description: null)));
    }

    [Fact]
    public void A_description_patch_carries_the_new_text()
    {
        var added = ConnectionDiff.Compute(Connection(description: null), Connection(description: "new")).Patch.Single();
        Assert.Equal(("add", "/description", "new"), (added.Op, added.Path, added.Value!.GetValue<string>()));
        var replaced = ConnectionDiff.Compute(Connection(description: "old"), Connection(description: "new")).Patch.Single();
        Assert.Equal(("replace", "/description", "new"), (replaced.Op, replaced.Path, replaced.Value!.GetValue<string>()));
        var removed = ConnectionDiff.Compute(Connection(description: "old"), Connection(description: null)).Patch.Single();
        Assert.Equal(("remove", "/description", (JsonNode?)null), (removed.Op, removed.Path, removed.Value));
    }

    [Fact]
    public void Param_patches_carry_the_desired_values_as_copies()
    {
        var desired = new JsonObject { ["changed"] = 2, ["added"] = new JsonObject { ["x"] = true } };
        var changes = ConnectionDiff.Compute(Connection(parameters: new JsonObject { ["changed"] = 1, ["removed"] = "r" }), Connection(parameters: desired));

        Assert.Equal(["auth.params.added", "auth.params.changed", "auth.params.removed"], changes.ChangedPaths);
        Assert.Equal(["add /auth/params/added {\"x\":true}", "replace /auth/params/changed 2", "remove /auth/params/removed "],
            changes.Patch.Select(p => $"{p.Op} {p.Path} {p.Value?.ToJsonString()}"));
        Assert.NotSame(desired["added"], changes.Patch[0].Value);
        Assert.Empty(changes.ReplacePaths);
    }

    [Fact]
    public void A_param_whose_value_equals_deeply_is_unchanged_but_a_type_change_is_a_change()
    {
        Assert.False(ConnectionDiff.Compute(Connection(parameters: new JsonObject { ["o"] = new JsonObject { ["a"] = 1 } }),
            Connection(parameters: new JsonObject { ["o"] = new JsonObject { ["a"] = 1 } })).HasChanges);
        Assert.Equal(["auth.params.port"], ConnectionDiff.Compute(Connection(parameters: new JsonObject { ["port"] = "22" }),
            Connection(parameters: new JsonObject { ["port"] = 22 })).ChangedPaths);
    }

    [Fact]
    public void Params_are_compared_in_their_recorded_form_but_patched_with_the_desired_value()
    {
        var recorded = Connection(parameters: new JsonObject { ["password"] = "fp:secret", ["host"] = "h" });
        JsonNode? Fingerprint(string key, JsonNode? value) => key == "password" ? JsonValue.Create("fp:" + value!.GetValue<string>()) : value?.DeepClone();

        Assert.False(ConnectionDiff.Compute(recorded, Connection(parameters: new JsonObject { ["password"] = "secret", ["host"] = "h" }), Fingerprint).HasChanges);
        var changed = ConnectionDiff.Compute(recorded, Connection(parameters: new JsonObject { ["password"] = "other", ["host"] = "h" }), Fingerprint);
        Assert.Equal("replace /auth/params/password \"other\"", changed.Patch.Select(p => $"{p.Op} {p.Path} {p.Value!.ToJsonString()}").Single());
        // Without a recorder the recorded value is compared verbatim.
        Assert.True(ConnectionDiff.Compute(recorded, Connection(parameters: new JsonObject { ["password"] = "secret", ["host"] = "h" })).HasChanges);
    }

    [Fact]
    public void A_param_with_a_null_value_is_not_the_same_as_an_absent_one()
    {
        var removed = ConnectionDiff.Compute(Connection(parameters: new JsonObject { ["host"] = "h", ["x"] = null }), Connection());
        var added = ConnectionDiff.Compute(Connection(), Connection(parameters: new JsonObject { ["host"] = "h", ["x"] = null }));

        Assert.Equal(["remove /auth/params/x"], removed.Patch.Select(p => $"{p.Op} {p.Path}"));
        Assert.Equal(["add /auth/params/x"], added.Patch.Select(p => $"{p.Op} {p.Path}"));
        Assert.Equal(["auth.params.x"], added.ChangedPaths);
    }

    [Fact]
    public void No_changes_is_the_shared_empty_value()
    {
        var none = ConnectionDiff.Compute(Connection(), Connection());
        Assert.Same(ConnectionChanges.None, none);
        Assert.False(none.HasChanges);
        Assert.False(none.RequiresReplace);
        Assert.True(ConnectionDiff.Compute(Connection(), Connection(name: "other")).HasChanges);
        Assert.False(ConnectionDiff.Compute(Connection(), Connection(name: "other")).RequiresReplace);
    }
}
