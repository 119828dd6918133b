using Kind = Pulumirpc.PropertyDiff.Types.Kind;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>Diff over gRPC without a service: old inputs vs new inputs, so masked secrets and server fields in
/// state never cause a perpetual diff; unknowns are changes; ignoreChanges is honoured.</summary>
public sealed class DiffTests : IAsyncLifetime
{
    private const string Id = "69f188b6-af07-4587-8061-e94d34637b41";
    private InProcessPlugin _plugin = null!;
    private Driver _driver = null!;

    public async Task InitializeAsync()
    {
        _plugin = await InProcessPlugin.StartAsync();
        _driver = new Driver(_plugin.Client);
    }

    public async Task DisposeAsync() => await _plugin.DisposeAsync();

    /// <summary>State as the service would leave it: masked password, server fields.</summary>
    private static Struct StateOf(Struct inputs)
    {
        var state = inputs.Clone();
        Unwrap(state.Fields["auth"].StructValue.Fields["params"]).StructValue.Fields["password"] = S("xxxx");
        state.Fields["etag"] = S("\"6802064a-0000-0200-0000-6387c6b90000\"");
        state.Fields["state"] = S("enabled");
        state.Fields["createdAt"] = S("2025-01-01T00:00:00.000Z");
        return state;
    }

    [Fact]
    public async Task Masked_secrets_and_server_fields_in_state_are_no_change()
    {
        var inputs = Driver.Mixpanel("real-password");

        var diff = await _driver.DiffAsync(Id, StateOf(inputs), inputs, Driver.Mixpanel("real-password"));

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
        Assert.Empty(diff.Diffs);
    }

    [Fact]
    public async Task Old_inputs_are_taken_from_state_for_engines_that_do_not_send_them()
    {
        var inputs = Driver.Mixpanel("p");

        var diff = await _driver.Client.DiffAsync(new DiffRequest { Id = Id, Urn = Driver.Urn, Olds = inputs, News = Driver.Mixpanel("p", name: "other") });

        Assert.Equal(["name"], diff.Diffs);
    }

    [Fact]
    public async Task Description_added_and_removed_are_add_and_delete()
    {
        var without = Driver.Mixpanel("p");
        var with = Driver.Mixpanel("p", description: "d");

        var added = await _driver.DiffAsync(Id, StateOf(without), without, with);
        var removed = await _driver.DiffAsync(Id, StateOf(with), with, without);

        Assert.Equal(Kind.Add, added.DetailedDiff["description"].Kind);
        Assert.Equal(Kind.Delete, removed.DetailedDiff["description"].Kind);
    }

    [Fact]
    public async Task Param_keys_are_added_removed_and_quoted_when_needed()
    {
        var old = Driver.Mixpanel("p");
        var news = Driver.Mixpanel("p");
        var parameters = Unwrap(news.Fields["auth"].StructValue.Fields["params"]).StructValue;
        parameters.Fields.Remove("username");
        parameters.Fields["odd.key"] = S("v");

        var diff = await _driver.DiffAsync(Id, StateOf(old), old, news);

        Assert.Equal(Kind.Delete, diff.DetailedDiff["auth.params.username"].Kind);
        Assert.Equal(Kind.Add, diff.DetailedDiff["auth.params[\"odd.key\"]"].Kind);
        Assert.Equal(["auth"], diff.Diffs);
        Assert.Empty(diff.Replaces);
    }

    [Fact]
    public async Task Unknown_values_are_changes_and_an_unknown_spec_is_a_replacement()
    {
        var old = Driver.Mixpanel("p");
        var news = Driver.Mixpanel("p");
        news.Fields["name"] = UnknownValue;
        news.Fields["connectionSpec"] = UnknownValue;
        news.Fields["auth"].StructValue.Fields["params"] = UnknownValue;

        var diff = await _driver.DiffAsync(Id, StateOf(old), old, news);

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.Equal(Kind.Update, diff.DetailedDiff["name"].Kind);
        Assert.Equal(Kind.Update, diff.DetailedDiff["auth.params"].Kind);
        Assert.Equal(Kind.UpdateReplace, diff.DetailedDiff["connectionSpec.id"].Kind);
        Assert.Equal(["connectionSpec"], diff.Replaces);
    }

    [Fact]
    public async Task IgnoreChanges_paths_are_not_reported()
    {
        var old = Driver.Mixpanel("p");
        var news = Driver.Mixpanel("rotated", name: "renamed");

        var diff = await _driver.DiffAsync(Id, StateOf(old), old, news, "auth.params.password", "name");

        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
    }

    [Fact]
    public async Task Every_top_level_diff_has_a_detailed_entry_and_vice_versa()
    {
        var old = Driver.Mixpanel("p");
        var news = Driver.Mixpanel("q", name: "n", description: "d");
        news.Fields["connectionSpec"].StructValue.Fields["version"] = S("2.0");

        var diff = await _driver.DiffAsync(Id, StateOf(old), old, news);

        var topLevel = diff.DetailedDiff.Keys.Select(k => k.Split('.', '[')[0]).Distinct().Order();
        Assert.Equal(topLevel, diff.Diffs.Order());
        Assert.Equal(diff.Diffs.Count, diff.Diffs.Distinct().Count());
    }
}
