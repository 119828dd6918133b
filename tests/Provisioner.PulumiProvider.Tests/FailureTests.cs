namespace Provisioner.PulumiProvider.Tests;

/// <summary>Failures the engine must be told about precisely: partial creates (ErrorResourceInitFailed), writes
/// that may have committed, clean service errors, cancellation.</summary>
public sealed class FailureTests : ConfiguredPluginTest
{
    [Fact]
    public async Task A_failure_after_the_POST_hands_back_the_id_so_nothing_leaks()
    {
        var canary = Canary.New();
        var check = await Rpc.CheckAsync(Driver.Mixpanel(canary));
        Service.Faults.FailNext(1, 400, "GET", "/connections/*");

        var error = await Assert.ThrowsAsync<RpcException>(() => Rpc.CreateAsync(check.Inputs, preview: false));

        Assert.NotEqual(StatusCode.Unknown, error.StatusCode);
        Assert.NotEqual(StatusCode.Internal, error.StatusCode);
        var detail = Assert.Single(Driver.Details(error));
        Assert.Equal("type.googleapis.com/pulumirpc.ErrorResourceInitFailed", detail.TypeUrl);
        var partial = detail.Unpack<ErrorResourceInitFailed>();
        var stored = Assert.Single(Service.GetStoredConnections());
        Assert.Equal(stored.Id, partial.Id);
        Assert.StartsWith("\"", partial.Properties.Fields["etag"].StringValue, StringComparison.Ordinal);
        Assert.True(IsSecret(At(partial.Properties, "auth")!.StructValue.Fields["params"]));
        Assert.NotEmpty(partial.Reasons);
        Assert.DoesNotContain(canary, Driver.PlainPart(partial.Properties), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_auth_params_come_back_secret_from_Check_and_in_ResourceInitFailed_inputs()
    {
        var canary = Canary.New();
        var news = Driver.Mixpanel(canary);
        var auth = news.Fields["auth"].StructValue;
        auth.Fields["params"] = Unwrap(auth.Fields["params"]); // a program that sends the params plain

        var check = await Rpc.CheckAsync(news);
        Assert.True(IsSecret(At(check.Inputs, "auth")!.StructValue.Fields["params"]));
        Assert.DoesNotContain(canary, Driver.PlainPart(check.Inputs), StringComparison.Ordinal);

        // Even inputs that never went through Check are echoed with the params wrapped.
        Service.Faults.FailNext(1, 400, "GET", "/connections/*");
        var error = await Assert.ThrowsAsync<RpcException>(() => Rpc.CreateAsync(news, preview: false));
        var partial = Assert.Single(Driver.Details(error)).Unpack<ErrorResourceInitFailed>();
        Assert.True(IsSecret(At(partial.Inputs, "auth")!.StructValue.Fields["params"]));
        Assert.DoesNotContain(canary, Driver.PlainPart(partial.Inputs), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, Driver.PlainPart(partial.Properties), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_whose_retried_PATCH_meets_its_own_committed_first_attempt_succeeds_with_the_live_etag()
    {
        var check = await Rpc.CheckAsync(Driver.Mixpanel(Canary.New(), description: "v1"));
        var created = await Rpc.CreateAsync(check.Inputs, preview: false);
        var news = (await Rpc.CheckAsync(Driver.Mixpanel(Canary.New(), description: "v2"), olds: check.Inputs)).Inputs;
        Service.Faults.DropResponseAfterCommit(count: 1, method: "PATCH", path: "/connections/*");

        var updated = await Rpc.UpdateAsync(created.Id, created.Properties, check.Inputs, news, preview: false);

        var stored = Assert.Single(Service.GetStoredConnections());
        Assert.Equal(2, Service.Journal.Matching("PATCH", $"/data/foundation/flowservice/connections/{created.Id}").Count);
        Assert.Equal("v2", stored.Description);
        Assert.Equal(stored.Etag, updated.Properties.Fields["etag"].StringValue);
    }

    [Fact]
    public async Task An_update_whose_read_back_fails_hands_back_the_etag_the_PATCH_returned()
    {
        var check = await Rpc.CheckAsync(Driver.Mixpanel(Canary.New(), description: "v1"));
        var created = await Rpc.CreateAsync(check.Inputs, preview: false);
        var news = (await Rpc.CheckAsync(Driver.Mixpanel(Canary.New(), description: "v2"), olds: check.Inputs)).Inputs;
        Service.Faults.FailNext(1, 400, "GET", "/connections/*");

        var error = await Assert.ThrowsAsync<RpcException>(() => Rpc.UpdateAsync(created.Id, created.Properties, check.Inputs, news, preview: false));

        var partial = Assert.Single(Driver.Details(error)).Unpack<ErrorResourceInitFailed>();
        var stored = Assert.Single(Service.GetStoredConnections());
        Assert.NotEqual(created.Properties.Fields["etag"].StringValue, stored.Etag);
        Assert.Equal(stored.Etag, partial.Properties.Fields["etag"].StringValue); // the next update needs no refresh
    }

    /// <summary>A plugin that logs to <paramref name="engine"/>, configured against the emulator, and a checked Mixpanel connection.</summary>
    private async Task<(InProcessPlugin Plugin, Driver Driver, CheckResponse Check)> LoggingPluginAsync(FakeEngine engine)
    {
        var plugin = await InProcessPlugin.StartAsync(engineAddress: engine.Address);
        var driver = new Driver(plugin.Client);
        await driver.ConfigureAsync(Driver.EmulatorConfig(Service));
        return (plugin, driver, await driver.CheckAsync(Driver.Mixpanel(Canary.New())));
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_adopts_the_committed_connection_and_says_so()
    {
        await using var engine = await FakeEngine.StartAsync();
        var (plugin, driver, check) = await LoggingPluginAsync(engine);
        await using var _ = plugin;
        Service.Faults.DropResponseAfterCommit(count: 1);

        var created = await driver.CreateAsync(check.Inputs, preview: false);

        var stored = Assert.Single(Service.GetStoredConnections());
        Assert.Equal(stored.Id, created.Id);
        Assert.Single(Service.Journal.Matching("POST", "/data/foundation/flowservice/connections"));
        var warning = Assert.Single(engine.Logs, l => l.Severity == LogSeverity.Warning);
        Assert.Contains(created.Id, warning.Message, StringComparison.Ordinal);
        Assert.Equal(Driver.Urn, warning.Urn);
    }

    [Fact]
    public async Task A_create_the_server_failed_once_is_posted_again_after_proving_nothing_committed()
    {
        var check = await Rpc.CheckAsync(Driver.Mixpanel(Canary.New()));
        Service.Faults.FailNext(1, 503, "POST", "/connections");

        var created = await Rpc.CreateAsync(check.Inputs, preview: false);

        Assert.Equal(created.Id, Assert.Single(Service.GetStoredConnections()).Id);
    }

    [Fact]
    public async Task A_create_beside_a_same_named_connection_says_which_and_how_to_import_it_instead()
    {
        await using var engine = await FakeEngine.StartAsync();
        var (plugin, driver, check) = await LoggingPluginAsync(engine);
        await using var _ = plugin;
        var existing = await driver.CreateAsync(check.Inputs, preview: false);
        Assert.DoesNotContain(engine.Logs, l => l.Severity == LogSeverity.Warning); // nothing carried the name before

        var created = await driver.CreateAsync(check.Inputs, preview: false);

        Assert.NotEqual(existing.Id, created.Id);
        var warning = Assert.Single(engine.Logs, l => l.Severity == LogSeverity.Warning);
        Assert.Contains($"named 'Mixpanel base connection' already exist ({existing.Id}); a new one is created beside them", warning.Message, StringComparison.Ordinal);
        Assert.Contains("pulumi import aep:flowservice:BaseConnection", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_same_named_connection_that_already_existed_is_never_adopted()
    {
        var check = await Rpc.CheckAsync(Driver.Mixpanel(Canary.New()));
        var existing = await Rpc.CreateAsync(check.Inputs, preview: false);
        Service.Faults.DropResponseAfterCommit(count: 1);

        var created = await Rpc.CreateAsync(check.Inputs, preview: false);

        Assert.NotEqual(existing.Id, created.Id);
        Assert.Equal(2, Service.GetStoredConnections().Count);
    }

    [Fact]
    public async Task A_create_that_keeps_failing_on_the_server_is_a_clean_failure()
    {
        var check = await Rpc.CheckAsync(Driver.Mixpanel(Canary.New()));
        Service.Faults.FailNext(10, 503, "POST", "/connections");

        var error = await Assert.ThrowsAsync<RpcException>(() => Rpc.CreateAsync(check.Inputs, preview: false));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Empty(Service.GetStoredConnections());
    }

    [Fact]
    public async Task A_create_the_live_spec_refuses_is_invalid_argument_before_any_write()
    {
        // Check would have caught the bad auth spec; the engine may still send it. The live spec check refuses it.
        var inputs = Driver.Mixpanel(Canary.New());
        inputs.Fields["auth"].StructValue.Fields["specName"] = S("No Such Auth");

        var error = await Assert.ThrowsAsync<RpcException>(() => Rpc.CreateAsync(inputs, preview: false));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("auth.specName: unknown auth spec 'No Such Auth'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Service.GetStoredConnections());
    }

    [Fact]
    public async Task Unknown_resource_types_are_invalid_arguments()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.CheckAsync(new CheckRequest { Urn = "urn:pulumi:s::p::aep:flowservice:Flow::f", News = new Struct() }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("aep:flowservice:Flow", error.Status.Detail, StringComparison.Ordinal);
    }
}
