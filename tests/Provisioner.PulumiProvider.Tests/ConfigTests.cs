namespace Provisioner.PulumiProvider.Tests;

/// <summary>Provider configuration over gRPC: CheckConfig failures, ConfigureErrorMissingKeys, key spellings,
/// environment fallbacks, DiffConfig.</summary>
public sealed class ConfigTests : IAsyncLifetime
{
    private EmulatorHost _emulator = null!;

    public async Task InitializeAsync() => _emulator = await EmulatorHost.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task CheckConfig_names_every_missing_key_and_applies_defaults()
    {
        await using var plugin = await InProcessPlugin.StartAsync();

        var response = await plugin.Client.CheckConfigAsync(new CheckRequest { Urn = Driver.ProviderUrn, News = Struct(("version", S("0.1.0"))) });

        Assert.Equal(["clientId", "clientSecret", "orgId"], response.Failures.Select(f => f.Property).Order());
        Assert.All(response.Failures, f => Assert.Contains("pulumi config set", f.Reason, StringComparison.Ordinal));
        Assert.Equal("https://platform.adobe.io", response.Inputs.Fields["endpoint"].StringValue);
        Assert.Equal("https://ims-na1.adobelogin.com", response.Inputs.Fields["imsEndpoint"].StringValue);
        Assert.Equal("prod", response.Inputs.Fields["sandboxName"].StringValue);
        Assert.Equal("0.1.0", response.Inputs.Fields["version"].StringValue);
    }

    [Fact]
    public async Task A_repeated_Configure_does_not_break_calls_already_running_on_the_previous_client()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { TimeProvider = clock });
        await using var plugin = await InProcessPlugin.StartAsync();
        var driver = new Driver(plugin.Client);
        await driver.ConfigureAsync(Driver.EmulatorConfig(emulator));
        var check = await driver.CheckAsync(Driver.Mixpanel(Canary.New()));
        // Create's first call (the name lookup) is held; its POST and read-back come after the reconfigure.
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Latency = TimeSpan.FromSeconds(30), Count = 1, Method = "GET", Path = "/connections" });

        var create = driver.CreateAsync(check.Inputs, preview: false);
        await Eventually.UntilAsync(() => emulator.Faults.InjectedCount > 0, "the POST never reached the service");
        await driver.ConfigureAsync(Driver.EmulatorConfig(emulator)); // replaces the session and its client
        for (var i = 0; i < 400 && !create.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(30)); // repeated: the emulator may register its delay after the first advance
            await Task.Delay(25);
        }

        var created = await create;
        Assert.Equal(created.Id, Assert.Single(emulator.GetStoredConnections()).Id);
    }

    [Fact]
    public async Task Configure_with_missing_keys_fails_with_ConfigureErrorMissingKeys()
    {
        await using var plugin = await InProcessPlugin.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await plugin.Client.ConfigureAsync(new ConfigureRequest { Args = Struct(("clientId", S("abc"))), AcceptSecrets = true }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var detail = Assert.Single(Driver.Details(error));
        Assert.Equal("type.googleapis.com/pulumirpc.ConfigureErrorMissingKeys", detail.TypeUrl);
        var missing = detail.Unpack<ConfigureErrorMissingKeys>();
        Assert.Equal(["aep:clientSecret", "aep:orgId"], missing.MissingKeys.Select(k => k.Name).Order());
        Assert.All(missing.MissingKeys, k => Assert.False(string.IsNullOrWhiteSpace(k.Description)));
    }

    [Fact]
    public async Task Prefixed_keys_and_the_variables_map_are_understood()
    {
        await using var plugin = await InProcessPlugin.StartAsync();
        var prefixed = Driver.EmulatorConfig(_emulator, prefixed: true);

        var check = await plugin.Client.CheckConfigAsync(new CheckRequest { News = prefixed });
        Assert.Empty(check.Failures);
        Assert.Equal(_emulator.Options.ClientId, check.Inputs.Fields["clientId"].StringValue);

        // Only the deprecated flat variables (aep:config:key), no args: still configures.
        var variablesOnly = Driver.ConfigureRequestFor(check.Inputs);
        variablesOnly.Args = new Struct();
        await plugin.Client.ConfigureAsync(variablesOnly);
        var driver = new Driver(plugin.Client);
        var created = await driver.CreateAsync((await driver.CheckAsync(Driver.Mixpanel(Canary.New()))).Inputs, preview: false);
        Assert.False(string.IsNullOrEmpty(created.Id));
    }

    [Fact]
    public async Task Secrets_given_in_config_come_back_wrapped_and_secrets_from_the_environment_stay_out_of_state()
    {
        var secret = Canary.New("client-secret");
        var env = new Dictionary<string, string> { ["AEP_CLIENT_SECRET"] = _emulator.Options.ClientSecret, ["AEP_ORG_ID"] = _emulator.Options.OrgId };
        await using var plugin = await InProcessPlugin.StartAsync(env);

        var given = await plugin.Client.CheckConfigAsync(new CheckRequest { News = Struct(("clientId", S("x")), ("orgId", S("o")), ("clientSecret", S(secret))) });
        Assert.True(IsSecret(given.Inputs.Fields["clientSecret"]));
        Assert.DoesNotContain(secret, Driver.PlainPart(given.Inputs), StringComparison.Ordinal);

        var endpoint = _emulator.BaseAddress.ToString();
        var fromEnv = await plugin.Client.CheckConfigAsync(new CheckRequest { News = Struct(("clientId", S(_emulator.Options.ClientId)), ("endpoint", S(endpoint)), ("imsEndpoint", S(endpoint))) });
        Assert.Empty(fromEnv.Failures);
        Assert.False(fromEnv.Inputs.Fields.ContainsKey("clientSecret"));
        Assert.Equal(_emulator.Options.OrgId, fromEnv.Inputs.Fields["orgId"].StringValue);

        // Configure reads the secret from the environment again, and the provider works.
        await plugin.Client.ConfigureAsync(Driver.ConfigureRequestFor(fromEnv.Inputs));
        var driver = new Driver(plugin.Client);
        var created = await driver.CreateAsync((await driver.CheckAsync(Driver.Mixpanel(Canary.New()))).Inputs, preview: false);
        Assert.False(string.IsNullOrEmpty(created.Id));
    }

    [Theory]
    [InlineData("http://platform.example.com", "https://")]
    [InlineData("not a url", "absolute https:// URL")]
    public async Task Bad_endpoints_are_check_failures(string endpoint, string expected)
    {
        await using var plugin = await InProcessPlugin.StartAsync();

        var response = await plugin.Client.CheckConfigAsync(new CheckRequest
        {
            News = Struct(("endpoint", S(endpoint)), ("clientId", S("c")), ("clientSecret", S("s")), ("orgId", S("o"))),
        });

        var failure = Assert.Single(response.Failures);
        Assert.Equal("endpoint", failure.Property);
        Assert.Contains(expected, failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_keys_and_non_string_values_are_named()
    {
        await using var plugin = await InProcessPlugin.StartAsync();

        var response = await plugin.Client.CheckConfigAsync(new CheckRequest
        {
            News = Struct(("clientid", S("typo")), ("clientId", Value.ForNumber(3)), ("clientSecret", S("s")), ("orgId", S("o"))),
        });

        Assert.Contains(response.Failures, f => f.Property == "clientid" && f.Reason.Contains("aep:clientId", StringComparison.Ordinal));
        Assert.Contains(response.Failures, f => f.Property == "clientId" && f.Reason.Contains("string", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_config_values_pass_CheckConfig_during_preview()
    {
        await using var plugin = await InProcessPlugin.StartAsync();

        var response = await plugin.Client.CheckConfigAsync(new CheckRequest { News = Struct(("clientId", UnknownValue), ("orgId", UnknownValue)) });

        Assert.Empty(response.Failures);
        Assert.Equal(Unknown, response.Inputs.Fields["clientId"].StringValue);
    }

    [Fact]
    public async Task DiffConfig_replaces_for_a_new_org_or_sandbox_but_not_for_a_rotated_secret()
    {
        await using var plugin = await InProcessPlugin.StartAsync();
        var olds = Driver.EmulatorConfig(_emulator);

        var same = await plugin.Client.DiffConfigAsync(new DiffRequest { Olds = olds, OldInputs = olds, News = olds });
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, same.Changes);

        var rotated = olds.Clone();
        rotated.Fields["clientSecret"] = S("rotated");
        var rotate = await plugin.Client.DiffConfigAsync(new DiffRequest { Olds = olds, OldInputs = olds, News = rotated });
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, rotate.Changes);
        Assert.Empty(rotate.Replaces);

        var moved = olds.Clone();
        moved.Fields["sandboxName"] = S("dev");
        var move = await plugin.Client.DiffConfigAsync(new DiffRequest { Olds = olds, OldInputs = olds, News = moved });
        Assert.Equal(["sandboxName"], move.Replaces);
        Assert.Equal(PropertyDiff.Types.Kind.UpdateReplace, move.DetailedDiff["sandboxName"].Kind);
        Assert.True(move.HasDetailedDiff);
    }

    [Fact]
    public async Task Resource_calls_before_Configure_fail_cleanly()
    {
        await using var plugin = await InProcessPlugin.StartAsync();
        var driver = new Driver(plugin.Client);
        var check = await driver.CheckAsync(Driver.Mixpanel(Canary.New()));

        var error = await Assert.ThrowsAsync<RpcException>(() => driver.CreateAsync(check.Inputs, preview: false));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("not configured", error.Status.Detail, StringComparison.Ordinal);
    }
}
