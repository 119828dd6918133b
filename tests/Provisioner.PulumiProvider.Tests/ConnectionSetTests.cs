namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// <c>aep:flowservice:BaseConnectionSet</c> over real gRPC against the in-process emulator, driven with the example
/// definitions file of the repo: creates each connection once, a repeated up writes nothing, and each edit of the
/// file (add, change, remove) makes exactly the one write it needs. Canary secrets must stay inside secret wrappers.
/// </summary>
public sealed class ConnectionSetTests : ConfiguredPluginTest
{
    /// <summary>The connection an edit adds and a later edit removes (shared with the Node suite).</summary>
    private static readonly string Extra = "\n" + File.ReadAllText(RepoRoot.Combine("tests", "fixtures", "extra-connection.yaml"));

    private const string TypedDefinitions = """
        connections:
          sftp-drop:
            name: SFTP partner drop
            source: sftp
            auth:
              specName: Basic Authentication for sftp
              params:
                host: sftp.example.com
                port: 22
                userName: partner
                password: { secret: sftpPassword }
                maxConcurrentConnections: 4
          salesforce-oauth:
            name: Salesforce OAuth
            source: salesforce
            auth:
              specName: OAuth2 Client Credential
              params:
                environmentUrl: https://example.my.salesforce.com
                clientId: aep-client
                clientSecret: { secret: salesforceClientSecret }
                apiVersion: "60.0"
                includeDeletedObjects: true
        """;

    private readonly Dictionary<string, string> _secrets = new()
    {
        ["mixpanelPassword"] = Canary.New("mixpanel"),
        ["s3LandingSecretKey"] = Canary.New("s3"),
        ["salesforcePassword"] = Canary.New("sfdc"),
        ["salesforceSecurityToken"] = Canary.New("token"),
        ["sftpPassword"] = Canary.New("sftp"),
        ["salesforceClientSecret"] = Canary.New("sfdc-oauth"),
        ["s3ExportSecretKey"] = Canary.New("s3x"),
    };

    private SetDriver? _set;

    /// <summary>The set's driver for this test (it keeps the resource's id, inputs and outputs between calls).</summary>
    private SetDriver Set => _set ??= new SetDriver(Client);

    private int Writes(string method) => Service.Journal.Writes.Count(w => w.Method == method);

    /// <summary>Diffs <paramref name="inputs"/> against the set's current state, asserts that exactly
    /// <paramref name="key"/> changes as <paramref name="kind"/>, then updates and asserts the one
    /// <paramref name="method"/> call that takes.</summary>
    private async Task AssertOneEditMakesOneWriteAsync(Struct inputs, string key, PropertyDiff.Types.Kind kind, string method)
    {
        var diff = await Set.DiffAsync(inputs);
        var entry = Assert.Single(diff.DetailedDiff);
        Assert.Equal($"connections[\"{key}\"]", entry.Key);
        Assert.Equal(kind, entry.Value.Kind);
        Service.Journal.Clear();
        await Set.UpdateAsync(inputs);
        Assert.Equal(1, Writes(method));
        Assert.Single(Service.Journal.Writes);
    }

    private async Task<Struct> CheckedAsync(string definitions, bool? retain = null)
    {
        var check = await Set.CheckAsync(SetDriver.News(definitions, _secrets, retain));
        Assert.Empty(check.Failures);
        return check.Inputs;
    }

    [Fact]
    public async Task Example_set_is_created_once_and_a_second_up_writes_nothing()
    {
        var example = SetDriver.ExampleDefinitions;
        var inputs = await CheckedAsync(example);

        Service.Journal.Clear();
        var preview = await Set.CreateAsync(inputs, preview: true);
        Assert.Empty(Service.Journal.Entries);
        var planned = preview.Properties.Fields["connections"].StructValue.Fields;
        Assert.Equal(["mixpanel", "s3-landing", "salesforce-crm"], planned.Keys.Order());
        Assert.All(planned.Values, v => Assert.Equal(Unknown, v.StringValue));

        var created = await Set.CreateAsync(inputs);
        Assert.True(Guid.TryParse(created.Id, out _));
        Assert.Equal(3, Writes("POST"));
        Assert.Equal(3, Service.Journal.Writes.Count);
        var ids = SetDriver.Ids(created.Properties);
        Assert.Equal(Service.GetStoredConnections().Select(c => c.Id).Order(), ids.Values.Order());
        var mixpanel = created.Properties.Fields["connections"].StructValue.Fields["mixpanel"].StructValue.Fields;
        Assert.Equal("Mixpanel base connection", mixpanel["name"].StringValue);
        Assert.Equal(Driver.MixpanelSpec, mixpanel["connectionSpecId"].StringValue);
        Assert.StartsWith("\"", mixpanel["etag"].StringValue, StringComparison.Ordinal);
        AssertNoCanaryOutsideSecrets(created.Properties);

        // Second up with the same file: DIFF_NONE, and an Update (e.g. forced) writes nothing either.
        Service.Journal.Clear();
        var again = await CheckedAsync(example);
        var diff = await Set.DiffAsync(again);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
        Assert.Empty(Service.Journal.Entries);
        var updated = await Set.UpdateAsync(again);
        Assert.Empty(Service.Journal.Writes);
        Assert.Equal(ids, SetDriver.Ids(updated.Properties));
    }

    [Fact]
    public async Task Adding_changing_and_removing_a_definition_makes_exactly_one_write_each()
    {
        var example = SetDriver.ExampleDefinitions;
        await Set.CreateAsync(await CheckedAsync(example));
        var ids = SetDriver.Ids(Set.Outputs);

        // Add one: ADD of exactly that key; the preview knows the others, the new one is unknown; one POST.
        var added = await CheckedAsync(example + Extra);
        var diff = await Set.DiffAsync(added);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.True(diff.HasDetailedDiff);
        Assert.Empty(diff.Replaces);
        Assert.Equal(["connections"], diff.Diffs);
        var entry = Assert.Single(diff.DetailedDiff);
        Assert.Equal("connections[\"mixpanel-eu\"]", entry.Key);
        Assert.Equal(PropertyDiff.Types.Kind.Add, entry.Value.Kind);
        Service.Journal.Clear();
        var preview = await Set.UpdateAsync(added, preview: true);
        Assert.Empty(Service.Journal.Entries);
        Assert.Equal(Unknown, preview.Properties.Fields["connections"].StructValue.Fields["mixpanel-eu"].StringValue);
        Assert.Equal(ids["mixpanel"], preview.Properties.Fields["connections"].StructValue.Fields["mixpanel"].StructValue.Fields["id"].StringValue);
        await Set.UpdateAsync(added);
        Assert.Equal(1, Writes("POST"));
        Assert.Single(Service.Journal.Writes);
        Assert.Equal(4, SetDriver.Ids(Set.Outputs).Count);

        // Change one description: UPDATE of that key, one PATCH, same id.
        var changedText = (example + Extra).Replace("Nightly partner drops in the landing bucket", "Hourly partner drops", StringComparison.Ordinal);
        var changed = await CheckedAsync(changedText);
        await AssertOneEditMakesOneWriteAsync(changed, "s3-landing", PropertyDiff.Types.Kind.Update, "PATCH");
        Assert.Equal(ids["s3-landing"], SetDriver.Ids(Set.Outputs)["s3-landing"]);
        Assert.Equal("Hourly partner drops", Service.GetStoredConnections().Single(c => c.Id == ids["s3-landing"]).Description);

        // Remove one: DELETE of that key, one DELETE call.
        var removed = await CheckedAsync(changedText.Replace(Extra, "", StringComparison.Ordinal));
        await AssertOneEditMakesOneWriteAsync(removed, "mixpanel-eu", PropertyDiff.Types.Kind.Delete, "DELETE");
        Assert.Equal(3, Service.GetStoredConnections().Count);
        Assert.Equal(ids, SetDriver.Ids(Set.Outputs));
        AssertNoCanaryOutsideSecrets(Set.Outputs);
    }

    [Fact]
    public async Task Retain_on_remove_keeps_removed_connections_and_destroy_leaves_them()
    {
        var example = SetDriver.ExampleDefinitions;
        await Set.CreateAsync(await CheckedAsync(example + Extra, retain: true));

        Service.Journal.Clear();
        await Set.UpdateAsync(await CheckedAsync(example, retain: true));
        Assert.Empty(Service.Journal.Writes);
        Assert.DoesNotContain("mixpanel-eu", SetDriver.Ids(Set.Outputs).Keys);
        Assert.Equal(4, Service.GetStoredConnections().Count);

        await Set.DeleteAsync();
        Assert.Empty(Service.Journal.Writes);
        Assert.Equal(4, Service.GetStoredConnections().Count);
    }

    [Fact]
    public async Task A_connection_change_that_needs_a_new_connection_is_shown_per_key_but_never_replaces_the_set()
    {
        var example = SetDriver.ExampleDefinitions;
        await Set.CreateAsync(await CheckedAsync(example));
        var oldId = SetDriver.Ids(Set.Outputs)["mixpanel"];

        // The same key, another source: the connection spec cannot be patched, so the connection is replaced.
        _secrets["hubspotSecret"] = Canary.New("hubspot");
        var mixpanelBlock = example[example.IndexOf("  mixpanel:", StringComparison.Ordinal)..example.IndexOf("  s3-landing:", StringComparison.Ordinal)];
        var changed = await CheckedAsync(example.Replace(mixpanelBlock, """
              mixpanel:
                name: Mixpanel base connection
                source: hubspot
                auth:
                  specName: Basic Authentication
                  params:
                    clientId: hubspot-client
                    clientSecret: { secret: hubspotSecret }
                    accessToken: { secret: hubspotSecret }
                    refreshToken: { secret: hubspotSecret }

            """, StringComparison.Ordinal));
        var diff = await Set.DiffAsync(changed);
        Assert.Empty(diff.Replaces);
        Assert.All(diff.DetailedDiff.Values, d => Assert.DoesNotContain("REPLACE", d.Kind.ToString(), StringComparison.OrdinalIgnoreCase));
        var entry = Assert.Single(diff.DetailedDiff);
        Assert.Equal("connections[\"mixpanel\"].id", entry.Key);

        Service.Journal.Clear();
        await Set.UpdateAsync(changed);
        Assert.Equal(1, Writes("DELETE"));
        Assert.Equal(1, Writes("POST"));
        Assert.NotEqual(oldId, SetDriver.Ids(Set.Outputs)["mixpanel"]);
    }

    [Fact]
    public async Task A_partial_failure_records_what_was_done_and_the_next_up_finishes_the_rest()
    {
        var example = SetDriver.ExampleDefinitions;
        var inputs = await CheckedAsync(example);
        Service.Journal.Clear();
        Service.Faults.FailNext(1, statusCode: 400, method: "POST", path: "/connections");

        var error = await Assert.ThrowsAsync<RpcException>(() => Set.CreateAsync(inputs));

        Assert.NotEqual(StatusCode.Unknown, error.StatusCode);
        Assert.NotEqual(StatusCode.Internal, error.StatusCode);
        var detail = Assert.Single(Driver.Details(error));
        var partial = detail.Unpack<ErrorResourceInitFailed>();
        Assert.True(Guid.TryParse(partial.Id, out _));
        var done = SetDriver.Ids(partial.Properties);
        Assert.Equal(2, done.Count);
        Assert.Equal(done.Values.Order(), Service.GetStoredConnections().Select(c => c.Id).Order());
        var failed = new[] { "mixpanel", "s3-landing", "salesforce-crm" }.Except(done.Keys).Single();
        Assert.Contains($"{failed} (create):", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(partial.Reasons, r => r.Contains(failed, StringComparison.Ordinal));
        AssertNoCanaryOutsideSecrets(partial.Properties);
        foreach (var canary in _secrets.Values)
        {
            Assert.DoesNotContain(canary, error.Status.Detail, StringComparison.Ordinal);
        }

        // The engine records the partial state; the next up sees the missing key and creates only it.
        Set.Record(partial.Id, inputs, partial.Properties);
        var diff = await Set.DiffAsync(inputs);
        Assert.Equal($"connections[\"{failed}\"]", Assert.Single(diff.DetailedDiff).Key);
        Service.Journal.Clear();
        await Set.UpdateAsync(inputs);
        Assert.Equal(1, Writes("POST"));
        Assert.Single(Service.Journal.Writes);
        Assert.Equal(3, SetDriver.Ids(Set.Outputs).Count);
        Assert.Equal(3, Service.GetStoredConnections().Count);
    }

    [Fact]
    public async Task Creates_whose_answers_the_timeout_cut_off_after_they_committed_are_recorded_not_leaked()
    {
        var inputs = await CheckedAsync(SetDriver.ExampleDefinitions);
        // Every POST commits at once but its answer is held far longer than the operation's timeout.
        Service.Faults.DelayResponseAfterCommit(TimeSpan.FromMinutes(5));

        var created = await Set.CreateAsync(inputs, timeout: 2);

        var recorded = SetDriver.Ids(created.Properties);
        Assert.Equal(["mixpanel", "s3-landing", "salesforce-crm"], recorded.Keys.Order());
        Assert.Equal(Service.GetStoredConnections().Select(c => c.Id).Order(), recorded.Values.Order());
        // The emulator journals a held answer when the client's abort reaches it, which may be just after the set
        // returned: wait for the three entries, then check no fourth POST was sent.
        await Eventually.UntilAsync(() => Writes("POST") >= 3, "the three cut-off POSTs never reached the journal");
        Assert.Equal(3, Writes("POST"));
    }

    [Fact]
    public async Task A_create_cut_off_mid_POST_that_cannot_be_settled_is_state_unknown_with_the_set_recorded()
    {
        var inputs = await CheckedAsync(SetDriver.ExampleDefinitions);
        // The POSTs are held before the service sees them: the lookup finds nothing, yet each might still commit.
        Service.Faults.AddLatency(TimeSpan.FromMinutes(5), method: "POST", path: "/connections");

        var error = await Assert.ThrowsAsync<RpcException>(() => Set.CreateAsync(inputs, timeout: 2));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        var partial = Assert.Single(Driver.Details(error)).Unpack<ErrorResourceInitFailed>();
        Assert.True(Guid.TryParse(partial.Id, out _));
        Assert.Empty(SetDriver.Ids(partial.Properties));
        Assert.Contains("may exist", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Service.GetStoredConnections());
    }

    [Fact]
    public async Task Refresh_drops_connections_deleted_out_of_band_so_the_next_up_recreates_them_and_destroy_deletes_all()
    {
        await Set.CreateAsync(await CheckedAsync(SetDriver.ExampleDefinitions));
        var ids = SetDriver.Ids(Set.Outputs);
        await DeleteOutOfBandAsync(ids["s3-landing"]);

        var read = await Set.RefreshAsync();
        Assert.Equal(Set.Id, read.Id);
        Assert.DoesNotContain("s3-landing", SetDriver.Ids(read.Properties).Keys);
        AssertNoCanaryOutsideSecrets(read.Properties);
        var diff = await Set.DiffAsync(Set.Inputs);
        Assert.Equal(PropertyDiff.Types.Kind.Add, diff.DetailedDiff["connections[\"s3-landing\"]"].Kind);

        Service.Journal.Clear();
        await Set.DeleteAsync();
        Assert.Equal(2, Writes("DELETE"));
        Assert.Empty(Service.GetStoredConnections());
    }

    [Fact]
    public async Task Check_reports_every_problem_of_the_file_with_its_location_and_names_missing_secrets()
    {
        var broken = SetDriver.ExampleDefinitions
            .Replace("source: amazon-s3", "source: amazon-s4", StringComparison.Ordinal)
            .Replace("password: { secret: mixpanelPassword }", "password: { secret: mixpanelPasswordTypo }", StringComparison.Ordinal);

        var check = await Set.CheckAsync(SetDriver.News(broken, _secrets));

        Assert.All(check.Failures, f => Assert.Equal("definitions", f.Property));
        Assert.Equal(2, check.Failures.Count);
        Assert.Contains(check.Failures, f => System.Text.RegularExpressions.Regex.IsMatch(f.Reason, @"^\d+:\d+ connections\.s3-landing\.source: unknown source alias 'amazon-s4'"));
        var secret = Assert.Single(check.Failures, f => f.Reason.Contains("mixpanelPasswordTypo", StringComparison.Ordinal));
        Assert.Matches(@"^\d+:\d+ connections\.mixpanel\.auth\.params\.password: ", secret.Reason);
        Assert.Contains("to the secrets input", secret.Reason, StringComparison.Ordinal);

        // A plaintext secret is refused without quoting it.
        var plain = SetDriver.ExampleDefinitions.Replace("password: { secret: mixpanelPassword }", "password: hunter2-plaintext", StringComparison.Ordinal);
        var plainCheck = await Set.CheckAsync(SetDriver.News(plain, _secrets));
        var failure = Assert.Single(plainCheck.Failures);
        Assert.DoesNotContain("hunter2", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("connections.mixpanel.auth.params.password", failure.Reason, StringComparison.Ordinal);

        // Malformed YAML: a location, no crash.
        var yaml = await Set.CheckAsync(SetDriver.News("connections:\n  a: [unclosed\n", _secrets));
        Assert.Matches(@"^\d+:\d+", Assert.Single(yaml.Failures).Reason);

        // Unknown values (preview) pass; bad option types do not.
        var unknown = await Set.CheckAsync(Values.Struct(("definitions", UnknownValue), ("secrets", UnknownValue)));
        Assert.Empty(unknown.Failures);
        var options = await Set.CheckAsync(Values.Struct(("definitions", S(SetDriver.ExampleDefinitions)), ("parallelism", Value.ForNumber(0)), ("retainOnRemove", S("yes")), ("bogus", S("x"))));
        Assert.Equal(["bogus", "parallelism", "retainOnRemove"], options.Failures.Select(f => f.Property).Order());
        Assert.All(check.Failures.Concat(plainCheck.Failures), f => Assert.DoesNotContain("canary-", f.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_defaults_the_options_and_keeps_the_secrets_wrapped()
    {
        var check = await Set.CheckAsync(Values.Struct(("definitions", S(SetDriver.ExampleDefinitions)),
            ("secrets", Value.ForStruct(Values.Struct(_secrets.Select(s => (s.Key, S(s.Value))).ToArray())))));
        Assert.Empty(check.Failures);
        Assert.False(check.Inputs.Fields["retainOnRemove"].BoolValue);
        Assert.Equal(8, check.Inputs.Fields["parallelism"].NumberValue);
        Assert.True(IsSecret(check.Inputs.Fields["secrets"]));
        AssertNoCanaryOutsideSecrets(check.Inputs);
    }

    private async Task DeleteOutOfBandAsync(string id)
    {
        // Out of band: straight to the emulator's API, as another tool (or a person in the AEP UI) would.
        using var http = new HttpClient();
        var accessToken = Service.IssueAccessToken();
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(Service.FlowServiceAddress, $"connections/{id}"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("x-api-key", Service.Options.ClientId);
        request.Headers.Add("x-gw-ims-org-id", Service.Options.OrgId);
        request.Headers.Add("x-sandbox-name", "prod");
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"out-of-band delete: {(int)response.StatusCode}");
    }

    private void AssertNoCanaryOutsideSecrets(Struct value)
    {
        var plain = Driver.PlainPart(value);
        foreach (var canary in _secrets.Values)
        {
            Assert.DoesNotContain(canary, plain, StringComparison.Ordinal);
        }
    }

    /// <summary>The params the service holds for a connection, as the JSON it received.</summary>
    private IReadOnlyDictionary<string, System.Text.Json.JsonElement> StoredParams(string name) =>
        Service.GetStoredConnections().Single(c => c.Name == name).AuthParams;

    /// <summary>Issue 9 item 1: integer and boolean params (SFTP <c>port: 22</c>, Salesforce <c>includeDeletedObjects</c>)
    /// create, diff as unchanged, update one typed param and refresh, typed on the wire and in the outputs. Before the
    /// fix, Create POSTed and then crashed building the outputs, losing the connections it had made.</summary>
    [Fact]
    public async Task Integer_and_boolean_params_create_diff_unchanged_update_and_refresh_typed()
    {
        var inputs = await CheckedAsync(TypedDefinitions);

        var created = await Set.CreateAsync(inputs);

        Assert.Equal(["salesforce-oauth", "sftp-drop"], SetDriver.Ids(created.Properties).Keys.Order());
        var sftp = StoredParams("SFTP partner drop");
        Assert.Equal("22", sftp["port"].GetRawText());
        Assert.Equal("4", sftp["maxConcurrentConnections"].GetRawText());
        Assert.Equal("true", StoredParams("Salesforce OAuth")["includeDeletedObjects"].GetRawText());
        var outputs = created.Properties.Fields["connections"].StructValue.Fields;
        Assert.Equal("SFTP partner drop", outputs["sftp-drop"].StructValue.Fields["name"].StringValue);

        var unchanged = await Set.DiffAsync(await CheckedAsync(TypedDefinitions));
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffNone, unchanged.Changes);

        Service.Journal.Clear();
        var edited = TypedDefinitions.Replace("port: 22", "port: 2222", StringComparison.Ordinal);
        var editedInputs = await CheckedAsync(edited);
        var diff = await Set.DiffAsync(editedInputs);
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        await Set.UpdateAsync(editedInputs);
        Assert.Single(Service.Journal.Writes, w => w.Method == "PATCH");
        Assert.Equal("2222", StoredParams("SFTP partner drop")["port"].GetRawText());

        await Set.RefreshAsync();
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffNone, (await Set.DiffAsync(editedInputs)).Changes);
    }

    /// <summary>infra/examples/sources-and-destinations.yaml: a source and two destinations, one without auth.</summary>
    private static readonly string SourcesAndDestinations = File.ReadAllText(RepoRoot.Combine("infra", "examples", "sources-and-destinations.yaml"));

    [Fact]
    public async Task Sources_and_destinations_are_created_once_with_their_kind_and_a_second_up_writes_nothing()
    {
        var check = await Set.CheckAsync(SetDriver.News(SourcesAndDestinations, _secrets));
        Assert.Empty(check.Failures);

        var created = await Set.CreateAsync(check.Inputs);

        var entries = created.Properties.Fields["connections"].StructValue.Fields;
        Assert.Equal(["dlz-export", "mixpanel", "s3-export"], entries.Keys.Order());
        Assert.Equal("source", entries["mixpanel"].StructValue.Fields["kind"].StringValue);
        Assert.Equal("destination", entries["s3-export"].StructValue.Fields["kind"].StringValue);
        Assert.Equal("destination", entries["dlz-export"].StructValue.Fields["kind"].StringValue);
        Assert.Equal(3, Service.GetStoredConnections().Count);
        Assert.Null(Service.GetStoredConnections().Single(c => c.Name == "Data Landing Zone exports").AuthSpecName);

        Service.Journal.Clear();
        var again = await Set.CheckAsync(SetDriver.News(SourcesAndDestinations, _secrets));
        var diff = await Set.DiffAsync(again.Inputs);
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
        await Set.UpdateAsync(again.Inputs);
        Assert.Empty(Service.Journal.Writes);
    }

    [Fact]
    public async Task A_source_alias_given_as_a_destination_fails_check_with_its_location()
    {
        var check = await Set.CheckAsync(SetDriver.News(SourcesAndDestinations.Replace("destination: s3-destination", "source: s3-destination", StringComparison.Ordinal), _secrets));

        var failure = Assert.Single(check.Failures);
        Assert.Contains("'s3-destination' is a destination", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("connections.s3-export.source", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_testAfterApply_rejected_credentials_fail_the_update_keep_the_set_recorded_and_the_next_up_re_tests()
    {
        var news = SetDriver.News(SourcesAndDestinations, _secrets);
        news.Fields["testAfterApply"] = Google.Protobuf.WellKnownTypes.Value.ForBool(true);
        var inputs = (await Set.CheckAsync(news)).Inputs;
        var created = await Set.CreateAsync(inputs); // every new connection is tested and passes
        var s3 = SetDriver.Ids(created.Properties)["s3-export"];
        Service.RejectCredentials(s3);

        var renamed = SetDriver.News(SourcesAndDestinations.Replace("name: S3 audience exports", "name: S3 exports", StringComparison.Ordinal), _secrets);
        renamed.Fields["testAfterApply"] = Google.Protobuf.WellKnownTypes.Value.ForBool(true);
        var changed = (await Set.CheckAsync(renamed)).Inputs;
        var error = await Assert.ThrowsAsync<RpcException>(() => Set.UpdateAsync(changed));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.StartsWith("1 of 1 connection test(s) failed: s3-export: failed: the service could not connect", error.Status.Detail, StringComparison.Ordinal);
        var partial = Assert.Single(Driver.Details(error)).Unpack<ErrorResourceInitFailed>();
        Assert.Equal(Set.Id, partial.Id);
        Assert.Equal(s3, SetDriver.Ids(partial.Properties)["s3-export"]); // the connection stays recorded, renamed
        Assert.Equal("S3 exports", Service.GetStoredConnections().Single(c => c.Id == s3).Name);
        AssertNoCanaryOutsideSecrets(partial.Properties);

        // The engine records the set with its init error and calls Update again on the next up: nothing to change,
        // so every connection is re-tested — still rejected, then fine once the credentials work.
        Set.Record(partial.Id, changed, partial.Properties);
        Service.Journal.Clear();
        var again = await Assert.ThrowsAsync<RpcException>(() => Set.UpdateAsync(changed));
        Assert.StartsWith("1 of 3 connection test(s) failed: s3-export:", again.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Service.Journal.Writes);
        Service.AcceptCredentials(s3);
        await Set.UpdateAsync(changed);
    }

    [Fact]
    public async Task TestAfterApply_must_be_a_boolean()
    {
        var news = SetDriver.News(SourcesAndDestinations, _secrets);
        news.Fields["testAfterApply"] = Google.Protobuf.WellKnownTypes.Value.ForString("yes");
        var failure = Assert.Single((await Set.CheckAsync(news)).Failures);
        Assert.Equal("testAfterApply", failure.Property);
    }
}
