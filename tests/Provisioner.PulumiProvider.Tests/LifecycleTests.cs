namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// Whole lifecycles through the published-style executable against the in-process emulator, in the engine's call
/// order (modelled on pulumi-go-provider's LifeCycleTest), with a fake engine recording Log calls and a canary
/// password that must never leave a secret wrapper.
/// </summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private EmulatorHost _emulator = null!;
    private FakeEngine _engine = null!;
    private PluginProcess _plugin = null!;
    private Driver _driver = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync();
        _engine = await FakeEngine.StartAsync();
        _plugin = await PluginProcess.StartAsync(["--logtostderr", "-v=9", _engine.Address]);
        _driver = new Driver(_plugin.Client);
        // Every lifecycle starts as the engine's does: Configure, against the emulator.
        await _driver.ConfigureAsync(Driver.EmulatorConfig(_emulator), _engine.Address);
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _engine.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task With_testAfterApply_a_rejected_test_fails_the_apply_keeps_the_connection_recorded_and_the_next_up_re_tests()
    {
        var canary = Canary.New();
        var news = Driver.Mixpanel(canary);
        news.Fields["testAfterApply"] = Value.ForBool(true);
        var inputs = (await _driver.CheckAsync(news)).Inputs;
        var created = await _driver.CreateAsync(inputs, preview: false); // tested, and passes
        Assert.Contains(_emulator.Journal.Entries, e => e.Path.EndsWith("/test", StringComparison.Ordinal));
        _emulator.RejectCredentials(created.Id);

        // The engine calls Update for an unchanged resource with init errors; here: after the credentials went bad.
        var error = await Assert.ThrowsAsync<RpcException>(() => _driver.UpdateAsync(created.Id, created.Properties, inputs, inputs, preview: false));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.StartsWith("1 of 1 connection test(s) failed: Mixpanel base connection: failed:", error.Status.Detail, StringComparison.Ordinal);
        var partial = Assert.Single(Driver.Details(error)).Unpack<ErrorResourceInitFailed>();
        Assert.Equal(created.Id, partial.Id);
        Assert.DoesNotContain(canary, Driver.PlainPart(partial.Properties), StringComparison.Ordinal);
        _emulator.AcceptCredentials(created.Id);
        _emulator.Journal.Clear();
        await _driver.UpdateAsync(created.Id, partial.Properties, inputs, inputs, preview: false);
        Assert.Empty(_emulator.Journal.Writes);

        // The option is not part of the diff.
        var without = (await _driver.CheckAsync(Driver.Mixpanel(canary), olds: inputs)).Inputs;
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, (await _driver.DiffAsync(created.Id, created.Properties, inputs, without)).Changes);
    }

    [Fact]
    public async Task A_connection_whose_spec_takes_no_auth_is_created_without_auth_and_stays_unchanged()
    {
        var news = Struct(("name", S("Data Landing Zone exports")),
            ("connectionSpec", Obj(("id", S("10440537-2a7b-4583-ac39-ed38d4b848e8")), ("version", S("1.0")))));

        var check = await _driver.CheckAsync(news);
        Assert.Empty(check.Failures);
        var created = await _driver.CreateAsync(check.Inputs, preview: false);

        Assert.Null(_emulator.GetStoredConnections().Single(c => c.Id == created.Id).AuthSpecName);
        Assert.False(created.Properties.Fields.ContainsKey("auth"));
        var refreshed = await _driver.RefreshAsync(created.Id, created.Properties, check.Inputs);
        Assert.False(refreshed.Inputs.Fields.ContainsKey("auth"));
        _emulator.Journal.Clear();
        var recheck = await _driver.CheckAsync(news, olds: refreshed.Inputs);
        var diff = await _driver.DiffAsync(created.Id, refreshed.Properties, refreshed.Inputs, recheck.Inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
        Assert.Empty(_emulator.Journal.Writes);
    }

    [Fact]
    public async Task Create_preview_create_no_op_update_refresh_drift_delete_and_gone()
    {
        var canary = Canary.New();
        var rotated = Canary.New("rotated");

        // Check, then a preview create: no call reaches the service at all.
        var check = await _driver.CheckAsync(Driver.Mixpanel(canary));
        Assert.Empty(check.Failures);
        _emulator.Journal.Clear();
        var preview = await _driver.CreateAsync(check.Inputs, preview: true);
        Assert.Empty(_emulator.Journal.Entries);
        Assert.Equal("", preview.Id);
        Assert.Equal(Unknown, preview.Properties.Fields["etag"].StringValue);
        Assert.Equal(Unknown, preview.Properties.Fields["state"].StringValue);

        // Create for real: id, etag, state, timestamps; params stay secret.
        var created = await _driver.CreateAsync(check.Inputs, preview: false);
        Assert.False(string.IsNullOrEmpty(created.Id));
        var state = created.Properties;
        Assert.StartsWith("\"", state.Fields["etag"].StringValue, StringComparison.Ordinal);
        Assert.Equal("enabled", state.Fields["state"].StringValue);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", state.Fields["createdAt"].StringValue);
        Assert.Equal("prod", state.Fields["sandboxName"].StringValue);
        Assert.Equal(_emulator.Options.OrgId, state.Fields["imsOrgId"].StringValue);
        Assert.True(IsSecret(At(state, "auth")!.StructValue.Fields["params"]));
        Assert.Equal(canary, At(state, "auth.params.password")!.StringValue);
        Assert.Single(_emulator.Journal.Writes);

        // Second `up` of unchanged inputs: Check(olds = inputs) → Diff → DIFF_NONE, and nothing is written.
        _emulator.Journal.Clear();
        var recheck = await _driver.CheckAsync(Driver.Mixpanel(canary), olds: check.Inputs);
        var none = await _driver.DiffAsync(created.Id, state, check.Inputs, recheck.Inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, none.Changes);
        Assert.Empty(_emulator.Journal.Writes);

        // Update: new name and a rotated password → in-place update of exactly those paths.
        var changed = await _driver.CheckAsync(Driver.Mixpanel(rotated, name: "Mixpanel (renamed)"), olds: check.Inputs);
        var diff = await _driver.DiffAsync(created.Id, state, check.Inputs, changed.Inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.True(diff.HasDetailedDiff);
        Assert.Empty(diff.Replaces);
        Assert.Equal(["auth", "name"], diff.Diffs.Order());
        Assert.Equal(PropertyDiff.Types.Kind.Update, diff.DetailedDiff["name"].Kind);
        Assert.Equal(PropertyDiff.Types.Kind.Update, diff.DetailedDiff["auth.params.password"].Kind);
        Assert.All(diff.DetailedDiff.Values, d => Assert.True(d.InputDiff));

        _emulator.Journal.Clear();
        var updatePreview = await _driver.UpdateAsync(created.Id, state, check.Inputs, changed.Inputs, preview: true);
        Assert.Empty(_emulator.Journal.Entries);
        Assert.Equal(Unknown, updatePreview.Properties.Fields["etag"].StringValue);

        var updated = await _driver.UpdateAsync(created.Id, state, check.Inputs, changed.Inputs, preview: false);
        var patch = Assert.Single(_emulator.Journal.Writes);
        Assert.Equal("PATCH", patch.Method);
        Assert.NotEqual(state.Fields["etag"].StringValue, updated.Properties.Fields["etag"].StringValue);
        Assert.Equal("Mixpanel (renamed)", updated.Properties.Fields["name"].StringValue);
        var stored = Assert.Single(_emulator.GetStoredConnections());
        Assert.Equal(rotated, stored.AuthParams["password"].GetString());
        state = updated.Properties;
        var inputs = changed.Inputs;

        // Refresh without drift: inputs keep the user's secret (the service masks it), nothing changes.
        var refreshed = await _driver.RefreshAsync(created.Id, state, inputs);
        Assert.Equal(created.Id, refreshed.Id);
        Assert.Equal(rotated, At(refreshed.Inputs, "auth.params.password")!.StringValue);
        Assert.True(IsSecret(At(refreshed.Inputs, "auth")!.StructValue.Fields["params"]));
        var afterRefresh = await _driver.DiffAsync(created.Id, refreshed.Properties, refreshed.Inputs, inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, afterRefresh.Changes);

        // Drift: someone renames it in AEP; refresh shows the live name, and the next diff wants it back.
        await using (var outside = Provisioner.FlowService.FlowServiceClientFactory.Create(Provisioner.Testing.EmulatorClientOptions.For(_emulator)))
        {
            await outside.UpdateConnectionAsync(created.Id, state.Fields["etag"].StringValue,
                [Provisioner.FlowService.Models.JsonPatchOperation.Replace("/name", "renamed in the UI")]);
        }
        var drifted = await _driver.RefreshAsync(created.Id, state, inputs);
        Assert.Equal("renamed in the UI", drifted.Inputs.Fields["name"].StringValue);
        Assert.Equal("renamed in the UI", drifted.Properties.Fields["name"].StringValue);
        var back = await _driver.DiffAsync(created.Id, drifted.Properties, drifted.Inputs, inputs);
        Assert.Equal(PropertyDiff.Types.Kind.Update, back.DetailedDiff["name"].Kind);

        // Destroy, then a refresh finds it gone (empty id, no properties), and a second delete is fine.
        await _driver.DeleteAsync(created.Id, drifted.Properties, drifted.Inputs);
        Assert.Empty(_emulator.GetStoredConnections());
        var gone = await _driver.RefreshAsync(created.Id, drifted.Properties, drifted.Inputs);
        Assert.Equal("", gone.Id);
        Assert.Null(gone.Properties);
        await _driver.DeleteAsync(created.Id, drifted.Properties, drifted.Inputs);

        // The canaries never left a secret wrapper.
        foreach (var output in new[] { created.Properties, updated.Properties, refreshed.Properties, refreshed.Inputs, drifted.Properties })
        {
            Assert.DoesNotContain(canary, Driver.PlainPart(output), StringComparison.Ordinal);
            Assert.DoesNotContain(rotated, Driver.PlainPart(output), StringComparison.Ordinal);
        }
        await AssertCanariesAbsentFromProcessAsync(canary, rotated);
    }

    [Fact]
    public async Task Replacing_when_the_connection_spec_or_auth_type_changes()
    {
        var canary = Canary.New();
        var check = await _driver.CheckAsync(Driver.Mixpanel(canary));
        var created = await _driver.CreateAsync(check.Inputs, preview: false);

        var otherAuth = check.Inputs.Clone();
        otherAuth.Fields["auth"].StructValue.Fields["specName"] = S("OAuth");
        var diff = await _driver.DiffAsync(created.Id, created.Properties, check.Inputs, otherAuth);
        Assert.Equal(["auth"], diff.Replaces);
        Assert.Equal(PropertyDiff.Types.Kind.UpdateReplace, diff.DetailedDiff["auth.specName"].Kind);
        Assert.False(diff.DeleteBeforeReplace);

        var otherSpec = check.Inputs.Clone();
        otherSpec.Fields["connectionSpec"].StructValue.Fields["id"] = S("ecadc60c-7455-4d87-84dc-2a0e293d997b");
        diff = await _driver.DiffAsync(created.Id, created.Properties, check.Inputs, otherSpec);
        Assert.Equal(["connectionSpec"], diff.Replaces);
        Assert.Equal(PropertyDiff.Types.Kind.UpdateReplace, diff.DetailedDiff["connectionSpec.id"].Kind);

        // The engine then creates the replacement first and deletes the old one.
        var replacement = await _driver.CreateAsync(check.Inputs, preview: false);
        await _driver.DeleteAsync(created.Id, created.Properties, check.Inputs);
        Assert.Equal(replacement.Id, Assert.Single(_emulator.GetStoredConnections()).Id);
        await AssertCanariesAbsentFromProcessAsync(canary);
    }

    [Fact]
    public async Task Stale_etag_fails_cleanly_and_tells_the_user_to_refresh()
    {
        var canary = Canary.New();
        var check = await _driver.CheckAsync(Driver.Mixpanel(canary));
        var created = await _driver.CreateAsync(check.Inputs, preview: false);
        await using (var outside = Provisioner.FlowService.FlowServiceClientFactory.Create(Provisioner.Testing.EmulatorClientOptions.For(_emulator)))
        {
            await outside.UpdateConnectionAsync(created.Id, created.Properties.Fields["etag"].StringValue,
                [Provisioner.FlowService.Models.JsonPatchOperation.Add("/description", "edited elsewhere")]);
        }

        var changed = await _driver.CheckAsync(Driver.Mixpanel(canary, name: "new name"), check.Inputs);
        var error = await Assert.ThrowsAsync<RpcException>(() => _driver.UpdateAsync(created.Id, created.Properties, check.Inputs, changed.Inputs, preview: false));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("pulumi refresh", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_by_id_fills_inputs_and_warns_about_masked_secret_params()
    {
        var canary = Canary.New();
        var check = await _driver.CheckAsync(Driver.Mixpanel(canary, description: "made elsewhere"));
        var created = await _driver.CreateAsync(check.Inputs, preview: false);

        var imported = await _driver.ImportAsync(created.Id);

        Assert.Equal(created.Id, imported.Id);
        Assert.Equal("Mixpanel base connection", imported.Inputs.Fields["name"].StringValue);
        Assert.Equal("made elsewhere", imported.Inputs.Fields["description"].StringValue);
        Assert.Equal(Driver.MixpanelSpec, At(imported.Inputs, "connectionSpec.id")!.StringValue);
        Assert.Equal("Basic Authentication", At(imported.Inputs, "auth.specName")!.StringValue);
        Assert.Equal("demo-user", At(imported.Inputs, "auth.params.username")!.StringValue);
        Assert.NotEqual(canary, At(imported.Inputs, "auth.params.password")!.StringValue); // masked by the service
        Assert.True(IsSecret(At(imported.Inputs, "auth")!.StructValue.Fields["params"]));
        Assert.Equal(created.Properties.Fields["etag"], imported.Properties.Fields["etag"]);

        var warning = Assert.Single(_engine.Logs, l => l.Severity == LogSeverity.Warning);
        Assert.Contains("password", warning.Message, StringComparison.Ordinal);
        Assert.Equal(Driver.Urn, warning.Urn);

        var missing = await _driver.ImportAsync("00000000-0000-0000-0000-000000000000");
        Assert.Equal("", missing.Id);
        Assert.Null(missing.Properties);
        await AssertCanariesAbsentFromProcessAsync(canary);
    }

    private async Task AssertCanariesAbsentFromProcessAsync(params string[] canaries)
    {
        await _plugin.Client.CancelAsync(new Empty());
        Assert.Equal(0, await _plugin.InterruptAsync());
        Assert.Equal("", _plugin.StdoutAfterPort);
        Assert.Contains("created connection", _plugin.Stderr, StringComparison.Ordinal); // -v=9 logs did flow
        foreach (var canary in canaries)
        {
            Assert.DoesNotContain(canary, _plugin.Stderr, StringComparison.Ordinal);
            Assert.All(_engine.Logs, l => Assert.DoesNotContain(canary, l.Message, StringComparison.Ordinal));
        }
    }
}
