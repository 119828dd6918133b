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
}
