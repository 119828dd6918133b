namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The one refresh rule every host uses (issue 9 item 6).</summary>
public sealed class ConnectionRefreshTests
{
    private static readonly ConnectionSpecRef Spec = new("fd2c8ff3-1de0-4f6b-8fa8-4264784870eb");

    private static Connection Live(JsonObject parameters) => new()
    {
        Id = "c1",
        Name = "n",
        Etag = "\"e2\"",
        ConnectionSpec = Spec,
        Auth = new ConnectionAuth("Basic Authentication", parameters),
    };

    private static DesiredConnection Recorded(JsonObject parameters) => new("n", null, Spec, "Basic Authentication", parameters);

    [Fact]
    public void Secrets_are_kept_from_state_and_a_non_secret_param_deleted_out_of_band_is_drift()
    {
        var recorded = Recorded(new JsonObject { ["host"] = "h", ["username"] = "u", ["password"] = "real" });

        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["host"] = "h2", ["password"] = "xxxx" }), recorded,
            new HashSet<string>(["password"]));

        Assert.Equal("""{"password":"real","host":"h2"}""", refreshed.Inputs.Params.ToJsonString());
        Assert.Equal(["auth.params.host", "auth.params.username"], ConnectionDiff.Compute(recorded, refreshed.Inputs).ChangedPaths);
        Assert.Empty(refreshed.MaskedWithoutValue);
    }

    [Fact]
    public void Without_the_spec_present_params_keep_their_recorded_values_and_deleted_ones_are_drift()
    {
        var recorded = Recorded(new JsonObject { ["host"] = "h", ["password"] = "real" });

        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["password"] = "xxxx", ["extra"] = 1 }), recorded, secretParams: null);

        Assert.Equal("""{"password":"real","extra":1}""", refreshed.Inputs.Params.ToJsonString());
    }

    [Fact]
    public void An_import_reports_the_masked_secrets_it_could_not_tell()
    {
        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["host"] = "h", ["password"] = "xxxx" }), recorded: null,
            new HashSet<string>(["password"]));

        Assert.Equal(["password"], refreshed.MaskedWithoutValue);
    }

    [Fact]
    public void With_the_spec_unknown_a_param_only_the_service_has_is_taken_as_read_and_not_reported_masked()
    {
        var recorded = Recorded(new JsonObject { ["host"] = "h" });

        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["host"] = "h", ["extra"] = 1 }), recorded, secretParams: null);

        Assert.Equal("""{"host":"h","extra":1}""", refreshed.Inputs.Params.ToJsonString());
        Assert.Empty(refreshed.MaskedWithoutValue);
    }

    [Fact]
    public void An_import_with_the_spec_unknown_reports_every_param_as_possibly_masked_and_takes_it_as_read()
    {
        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["host"] = "h", ["password"] = "xxxx" }), recorded: null, secretParams: null);

        Assert.Equal(["host", "password"], refreshed.MaskedWithoutValue);
        Assert.Equal("""{"host":"h","password":"xxxx"}""", refreshed.Inputs.Params.ToJsonString());
    }

    [Fact]
    public void An_import_with_the_spec_known_reports_only_the_secrets_and_takes_readable_params_as_read()
    {
        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["host"] = "h", ["password"] = "xxxx" }), recorded: null,
            new HashSet<string>(["password"]));

        Assert.Equal(["password"], refreshed.MaskedWithoutValue);
        Assert.Equal("""{"host":"h","password":"xxxx"}""", refreshed.Inputs.Params.ToJsonString());
        Assert.Equal(ConnectionKind.Source, refreshed.Inputs.Kind);
    }

    [Fact]
    public void A_secret_the_state_never_recorded_is_reported_masked_even_when_other_inputs_are_recorded()
    {
        var recorded = Recorded(new JsonObject { ["host"] = "h" });

        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["host"] = "h", ["password"] = "xxxx" }), recorded,
            new HashSet<string>(["password"]));

        Assert.Equal(["password"], refreshed.MaskedWithoutValue);
    }

    [Fact]
    public void A_recorded_secret_is_kept_even_when_the_read_does_not_show_it()
    {
        var recorded = Recorded(new JsonObject { ["host"] = "h", ["password"] = "real" });

        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["host"] = "h" }), recorded, new HashSet<string>(["password"]));

        Assert.Equal("""{"password":"real","host":"h"}""", refreshed.Inputs.Params.ToJsonString());
        Assert.Empty(refreshed.MaskedWithoutValue);
    }

    [Fact]
    public void A_recorded_non_secret_param_is_not_kept_when_the_read_does_not_show_it()
    {
        var recorded = Recorded(new JsonObject { ["host"] = "h", ["password"] = "real" });

        var refreshed = ConnectionRefresh.Derive(Live(new JsonObject { ["password"] = "xxxx" }), recorded, new HashSet<string>(["password"]));

        Assert.Equal("""{"password":"real"}""", refreshed.Inputs.Params.ToJsonString());
    }

    [Fact]
    public void Name_description_spec_and_auth_type_are_the_services()
    {
        var recorded = new DesiredConnection("old", "old description", new ConnectionSpecRef(Spec.Id, "1.0"), "Basic Authentication", [])
        {
            Kind = ConnectionKind.Destination,
        };
        var live = Live([]) with
        {
            Name = "new",
            Description = "new description",
            ConnectionSpec = new ConnectionSpecRef(Spec.Id, "2.0"),
            Auth = new ConnectionAuth("OAuth", []),
        };

        var inputs = ConnectionRefresh.Derive(live, recorded, new HashSet<string>()).Inputs;

        Assert.Equal(("new", "new description", "2.0", "OAuth"), (inputs.Name, inputs.Description, inputs.ConnectionSpec.Version, inputs.AuthSpecName));
        Assert.Equal(ConnectionKind.Destination, inputs.Kind); // the spec's, which a refresh does not change
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_or_empty_live_description_reads_as_none(string? description)
    {
        var inputs = ConnectionRefresh.Derive(Live([]) with { Description = description }, Recorded([]) with { Description = "d" }, null).Inputs;

        Assert.Null(inputs.Description);
    }

    [Fact]
    public void A_live_spec_without_a_version_reads_as_the_default_version()
    {
        var live = Live([]) with { ConnectionSpec = new ConnectionSpecRef(Spec.Id, null!) };

        Assert.Equal(ConnectionSpecRef.DefaultVersion, ConnectionRefresh.Derive(live, null, null).Inputs.ConnectionSpec.Version);
    }

    [Fact]
    public void A_live_connection_without_auth_keeps_the_recorded_auth_type_and_has_no_params()
    {
        var live = Live([]) with { Auth = null };

        var refreshed = ConnectionRefresh.Derive(live, Recorded(new JsonObject { ["host"] = "h" }), new HashSet<string>());

        Assert.Equal("Basic Authentication", refreshed.Inputs.AuthSpecName);
        Assert.Empty(refreshed.Inputs.Params);
        Assert.Null(ConnectionRefresh.Derive(live, null, null).Inputs.AuthSpecName);
    }
}
