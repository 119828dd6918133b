namespace Provisioner.PulumiProvider.Tests;

/// <summary>The launch contract of reference §5, against the real executable.</summary>
public sealed class LaunchContractTests
{
    [Fact]
    public async Task Stdout_carries_only_the_port_line_even_with_engine_flags()
    {
        await using var engine = await FakeEngine.StartAsync();
        await using var plugin = await PluginProcess.StartAsync(["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9", engine.Address]);

        Assert.Matches(@"^[0-9]{1,5}\n$", plugin.PortLine);
        Assert.InRange(plugin.Port, 1, 65535);

        var info = await plugin.Client.GetPluginInfoAsync(new Empty());
        Assert.Equal("0.1.0", info.Version);
        var schema = await plugin.Client.GetSchemaAsync(new GetSchemaRequest());
        Assert.StartsWith("{", schema.Schema, StringComparison.Ordinal);

        Assert.Equal(0, await plugin.InterruptAsync());
        Assert.Equal("", plugin.StdoutAfterPort);
        // -v=9 turned verbose logging on: it went to stderr, proving logs exist and avoid stdout.
        Assert.Contains("Now listening", plugin.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_mode_takes_the_engine_address_from_Handshake_and_logs_there()
    {
        await using var emulator = await Provisioner.Emulator.EmulatorHost.StartAsync();
        await using var engine = await FakeEngine.StartAsync();
        await using var plugin = await PluginProcess.StartAsync([]); // attach mode: no address yet

        var response = await plugin.Client.HandshakeAsync(new ProviderHandshakeRequest { EngineAddress = engine.Address });
        Assert.True(response.AcceptSecrets);
        Assert.False(response.AcceptResources);
        Assert.False(response.AcceptOutputs);

        var config = Driver.EmulatorConfig(emulator);
        var check = await plugin.Client.CheckConfigAsync(new CheckRequest { Urn = Driver.ProviderUrn, News = config });
        await plugin.Client.ConfigureAsync(Driver.ConfigureRequestFor(check.Inputs));

        // Configure reports where the provider works (no secrets) through the engine it learned from Handshake.
        var log = Assert.Single(engine.Logs);
        Assert.Equal(LogSeverity.Debug, log.Severity);
        Assert.Contains(emulator.Options.OrgId, log.Message, StringComparison.Ordinal);
        Assert.Equal(Driver.ProviderUrn, log.Urn);
        Assert.DoesNotContain(emulator.Options.ClientSecret, log.Message, StringComparison.Ordinal);
        Assert.Equal(0, await plugin.InterruptAsync());
        Assert.Equal("", plugin.StdoutAfterPort);
    }

    [Fact]
    public async Task Attach_replaces_the_engine_address()
    {
        await using var emulator = await Provisioner.Emulator.EmulatorHost.StartAsync();
        await using var engine = await FakeEngine.StartAsync();
        await using var plugin = await PluginProcess.StartAsync(["127.0.0.1:1"]);

        await plugin.Client.AttachAsync(new PluginAttach { Address = engine.Address });
        var check = await plugin.Client.CheckConfigAsync(new CheckRequest { News = Driver.EmulatorConfig(emulator) });
        await plugin.Client.ConfigureAsync(Driver.ConfigureRequestFor(check.Inputs));

        Assert.Single(engine.Logs);
    }

    [Fact]
    public async Task Unreachable_engine_address_does_not_break_anything()
    {
        await using var plugin = await PluginProcess.StartAsync(["127.0.0.1:1"]);

        var check = await plugin.Client.CheckConfigAsync(new CheckRequest { News = new Struct() });

        Assert.NotEmpty(check.Failures);
        Assert.Equal(0, await plugin.InterruptAsync());
    }

    [Fact]
    public async Task Cancel_is_acknowledged_and_later_work_is_cancelled()
    {
        await using var plugin = await PluginProcess.StartAsync(["127.0.0.1:1"]);

        await plugin.Client.CancelAsync(new Empty());
        var error = await Assert.ThrowsAsync<RpcException>(async () => await plugin.Client.CheckConfigAsync(new CheckRequest { News = new Struct() }));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(0, await plugin.InterruptAsync());
    }

    [Fact]
    public async Task Rpcs_the_provider_does_not_offer_answer_unimplemented()
    {
        await using var plugin = await PluginProcess.StartAsync(["127.0.0.1:1"]);
        var call = plugin.Channel.CreateCallInvoker().AsyncUnaryCall(
            new Method<Empty, Empty>(MethodType.Unary, "pulumirpc.ResourceProvider", "GetMapping", Marshallers.Create(_ => [], _ => new Empty()), Marshallers.Create(_ => [], _ => new Empty())),
            null, new CallOptions(), new Empty());

        var error = await Assert.ThrowsAsync<RpcException>(async () => await call);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
