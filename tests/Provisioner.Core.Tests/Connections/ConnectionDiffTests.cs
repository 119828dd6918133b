namespace Provisioner.Core.Tests.Connections;

public sealed class ConnectionDiffTests
{
    private static DesiredConnection Mixpanel(string name = "Mixpanel", string? description = "events",
        string specId = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb", string specName = "Basic Authentication",
        JsonObject? parameters = null) =>
        new(name, description, new ConnectionSpecRef(specId), specName,
            parameters ?? new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "svc", ["password"] = "pw" });

    [Fact]
    public void Identical_inputs_have_no_changes()
    {
        var changes = ConnectionDiff.Compute(Mixpanel(), Mixpanel());

        Assert.False(changes.HasChanges);
        Assert.Empty(changes.Patch);
    }

    [Fact]
    public void Name_and_description_changes_are_patched_in_place()
    {
        var changes = ConnectionDiff.Compute(Mixpanel(), Mixpanel(name: "Mixpanel EU", description: "eu events"));

        Assert.False(changes.RequiresReplace);
        Assert.Equal(["name", "description"], changes.ChangedPaths);
        Assert.Equal(
            [new JsonPatchOperation("replace", "/name", null), new JsonPatchOperation("replace", "/description", null)],
            changes.Patch.Select(p => p with { Value = null }));
        Assert.Equal("Mixpanel EU", changes.Patch[0].Value!.GetValue<string>());
    }

    [Fact]
    public void Description_added_and_removed_use_add_and_remove()
    {
        Assert.Equal("add", ConnectionDiff.Compute(Mixpanel(description: null), Mixpanel()).Patch.Single().Op);
        Assert.Equal("remove", ConnectionDiff.Compute(Mixpanel(), Mixpanel(description: null)).Patch.Single().Op);
    }

    [Fact]
    public void An_object_valued_param_is_one_value_replaced_whole_never_patched_inside()
    {
        var before = new JsonObject { ["host"] = "h", ["options"] = new JsonObject { ["region"] = "eu", ["retries"] = 2 } };
        var after = new JsonObject { ["host"] = "h", ["options"] = new JsonObject { ["region"] = "eu", ["retries"] = 3 } };

        var changes = ConnectionDiff.Compute(Mixpanel(parameters: before), Mixpanel(parameters: after));

        Assert.Equal(["auth.params.options"], changes.ChangedPaths);
        var patch = Assert.Single(changes.Patch);
        Assert.Equal(("replace", "/auth/params/options"), (patch.Op, patch.Path));
        Assert.Equal("""{"region":"eu","retries":3}""", patch.Value!.ToJsonString());
    }

    [Fact]
    public void Only_changed_params_are_patched_with_escaped_pointers()
    {
        var before = new JsonObject { ["host"] = "h", ["password"] = "old", ["a/b~c"] = "x", ["gone"] = "y" };
        var after = new JsonObject { ["host"] = "h", ["password"] = "new", ["a/b~c"] = "z", ["added"] = 5 };

        var changes = ConnectionDiff.Compute(Mixpanel(parameters: before), Mixpanel(parameters: after));

        Assert.Equal(
            ["replace /auth/params/a~1b~0c", "add /auth/params/added", "remove /auth/params/gone", "replace /auth/params/password"],
            changes.Patch.Select(p => $"{p.Op} {p.Path}"));
        Assert.Equal(["auth.params.a/b~c", "auth.params.added", "auth.params.gone", "auth.params.password"], changes.ChangedPaths);
    }

    [Theory]
    [InlineData("ecadc60c-7455-4d87-84dc-2a0e293d997b", "Basic Authentication", "connectionSpec.id")]
    [InlineData("fd2c8ff3-1de0-4f6b-8fa8-4264784870eb", "OAuth2 Client Credential", "auth.specName")]
    public void Spec_or_auth_type_change_requires_replace_and_no_patch(string specId, string specName, string reason)
    {
        var changes = ConnectionDiff.Compute(Mixpanel(), Mixpanel(name: "renamed", specId: specId, specName: specName));

        Assert.True(changes.RequiresReplace);
        Assert.Equal([reason], changes.ReplacePaths);
        Assert.Contains("name", changes.ChangedPaths);
        Assert.Empty(changes.Patch);
    }

    [Fact]
    public void Spec_id_comparison_ignores_guid_case()
    {
        var upper = Mixpanel(specId: "FD2C8FF3-1DE0-4F6B-8FA8-4264784870EB");

        Assert.False(ConnectionDiff.Compute(Mixpanel(), upper).HasChanges);
    }
}
