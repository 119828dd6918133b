namespace Provisioner.PulumiProvider.Tests;

/// <summary>Check: user mistakes are CheckFailures with property paths (never gRPC errors), unknowns pass,
/// defaults are applied, and a configured provider checks auth params against the connection spec.</summary>
public sealed class CheckTests : ConfiguredPluginTest
{
    /// <summary>Most checks here run before any Configure, as the engine may call them; the rest configure themselves.</summary>
    protected override bool ConfigureOnStart => false;

    [Fact]
    public async Task Structural_mistakes_are_failures_with_paths()
    {
        var news = Struct(
            ("name", Value.ForNumber(1)),
            ("colour", S("blue")),
            ("connectionSpec", Obj(("id", S("not-a-uuid")))),
            ("auth", Obj(("params", S("flat")))));

        var response = await Rpc.CheckAsync(news);

        var byPath = response.Failures.ToDictionary(f => f.Property, f => f.Reason);
        Assert.Contains("string", byPath["name"], StringComparison.Ordinal);
        Assert.Contains("unknown property", byPath["colour"], StringComparison.Ordinal);
        Assert.Contains("UUID", byPath["connectionSpec.id"], StringComparison.Ordinal);
        Assert.Contains("missing", byPath["auth.specName"], StringComparison.Ordinal);
        Assert.Contains("map", byPath["auth.params"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_inputs_are_named()
    {
        var response = await Rpc.CheckAsync(new Struct());

        // auth is not among them: whether a connection needs one is its spec's call (next test).
        Assert.Equal(["connectionSpec", "name"], response.Failures.Select(f => f.Property).Order());
    }

    [Fact]
    public async Task A_spec_that_takes_auth_reports_its_absence_one_that_takes_none_passes_without_it()
    {
        var mixpanel = Driver.Mixpanel("p");
        mixpanel.Fields.Remove("auth");
        var missing = await Rpc.CheckAsync(mixpanel);

        var failure = Assert.Single(missing.Failures);
        Assert.Equal("auth.specName", failure.Property);

        var landingZone = await Rpc.CheckAsync(Struct(("name", S("Data Landing Zone exports")),
            ("connectionSpec", Obj(("id", S("10440537-2a7b-4583-ac39-ed38d4b848e8")), ("version", S("1.0"))))));
        Assert.Empty(landingZone.Failures);
    }

    [Fact]
    public async Task Defaults_are_applied_and_the_programs_values_kept()
    {
        var news = Driver.Mixpanel("p");
        news.Fields["connectionSpec"].StructValue.Fields.Remove("version");

        var response = await Rpc.CheckAsync(news);

        Assert.Empty(response.Failures);
        Assert.Equal("1.0", At(response.Inputs, "connectionSpec.version")!.StringValue);
        Assert.True(IsSecret(At(response.Inputs, "auth")!.StructValue.Fields["params"]));
    }

    [Fact]
    public async Task Unknown_values_pass()
    {
        var news = Struct(
            ("name", UnknownValue),
            ("connectionSpec", UnknownValue),
            ("auth", Obj(("specName", S("Basic Authentication")), ("params", UnknownValue))));

        var response = await Rpc.CheckAsync(news);

        Assert.Empty(response.Failures);
        Assert.Equal(Unknown, response.Inputs.Fields["name"].StringValue);
    }

    [Fact]
    public async Task Check_validates_params_and_auth_type_against_the_embedded_spec_without_a_provider()
    {
        var noPassword = Driver.Mixpanel("p");
        Unwrap(noPassword.Fields["auth"].StructValue.Fields["params"]).StructValue.Fields.Remove("password");
        var failure = Assert.Single((await Rpc.CheckAsync(noPassword)).Failures);
        Assert.Equal("auth.params.password", failure.Property);
        Assert.Contains("missing required param 'password'", failure.Reason, StringComparison.Ordinal);

        var wrongType = Driver.Mixpanel("p");
        wrongType.Fields["auth"].StructValue.Fields["specName"] = S("Basic Auth");
        failure = Assert.Single((await Rpc.CheckAsync(wrongType)).Failures);
        Assert.Equal("auth.specName", failure.Property);
        Assert.Contains("'Basic Authentication'", failure.Reason, StringComparison.Ordinal);

        var undeclared = Driver.Mixpanel("p");
        Unwrap(undeclared.Fields["auth"].StructValue.Fields["params"]).StructValue.Fields["port"] = Value.ForNumber(22);
        failure = Assert.Single((await Rpc.CheckAsync(undeclared)).Failures);
        Assert.Equal("auth.params.port", failure.Property);
        Assert.Contains("unknown param 'port'", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_the_embedded_catalog_lacks_passes_Check_and_is_refused_live_before_any_write()
    {
        await Rpc.ConfigureAsync(Driver.EmulatorConfig(Service));
        var noSuchSpec = Driver.Mixpanel("p");
        noSuchSpec.Fields["connectionSpec"].StructValue.Fields["id"] = S("11111111-2222-3333-4444-555555555555");

        var check = await Rpc.CheckAsync(noSuchSpec);
        Assert.Empty(check.Failures);

        Service.Journal.Clear();
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => Rpc.CreateAsync(check.Inputs, preview: false));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("connectionSpec.id: unknown connection spec id '11111111-2222-3333-4444-555555555555'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Service.Journal.Writes);
    }

    [Fact]
    public async Task A_preview_provider_makes_no_call_even_to_validate()
    {
        await Rpc.ConfigureAsync(Driver.EmulatorConfig(Service), preview: true);
        Service.Journal.Clear();

        var response = await Rpc.CheckAsync(Driver.Mixpanel("p"));
        var preview = await Rpc.CreateAsync(response.Inputs, preview: true);

        Assert.Empty(response.Failures);
        Assert.Equal(Unknown, preview.Properties.Fields["etag"].StringValue);
        Assert.Empty(Service.Journal.Entries);
    }
}
