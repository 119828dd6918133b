namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// The engine's Cancel reaching a Create whose POST is already on the wire, against the spawned plugin: the service
/// may have committed the connection, so the plugin must never answer CANCELLED (the engine reads it as "did not
/// happen" and the next `up` creates a duplicate). It settles the create by name: found → ErrorResourceInitFailed
/// with the id; not found → UNKNOWN.
/// </summary>
public sealed class CancelledCreateTests : ConfiguredPluginTest
{
    /// <summary>The spawned executable: Cancel is a process-wide signal, and its engine address goes nowhere.</summary>
    protected override async Task<(ResourceProvider.ResourceProviderClient Client, IAsyncDisposable Lifetime)> StartPluginAsync()
    {
        var plugin = await PluginProcess.StartAsync(["127.0.0.1:1"]);
        return (plugin.Client, plugin);
    }

    [Fact]
    public async Task A_timeout_after_the_POST_committed_is_honoured_and_records_the_id_as_the_set_does()
    {
        var check = await Rpc.CheckAsync(Driver.Mixpanel(Canary.New()));
        Service.Faults.DelayResponseAfterCommit(TimeSpan.FromMinutes(5), count: 1);

        var error = await Assert.ThrowsAsync<RpcException>(() => Rpc.Client.CreateAsync(new CreateRequest
        {
            Urn = Driver.Urn, Properties = check.Inputs, Name = "mixpanel", Type = Driver.Type, Timeout = 10,
        }).ResponseAsync);

        var details = Driver.Details(error);
        Assert.True(details.Count == 1, $"{error.StatusCode}: {error.Status.Detail}");
        var partial = details[0].Unpack<ErrorResourceInitFailed>();
        Assert.Equal(Assert.Single(Service.GetStoredConnections()).Id, partial.Id);
    }

    [Fact]
    public async Task Cancel_after_the_POST_committed_hands_back_the_id_so_the_engine_records_it()
    {
        var canary = Canary.New();
        var check = await Rpc.CheckAsync(Driver.Mixpanel(canary));
        Service.Faults.DelayResponseAfterCommit(TimeSpan.FromMinutes(5), count: 1);

        var create = Rpc.CreateAsync(check.Inputs, preview: false);
        await Eventually.UntilAsync(() => Service.GetStoredConnections().Count == 1, "the request never reached the emulator");
        await Client.CancelAsync(new Empty());
        var error = await Assert.ThrowsAsync<RpcException>(() => create);

        Assert.NotEqual(StatusCode.Cancelled, error.StatusCode);
        var stored = Assert.Single(Service.GetStoredConnections());
        var detail = Assert.Single(Driver.Details(error));
        var partial = detail.Unpack<ErrorResourceInitFailed>();
        Assert.Equal(stored.Id, partial.Id);
        Assert.StartsWith("\"", partial.Properties.Fields["etag"].StringValue, StringComparison.Ordinal);
        Assert.True(IsSecret(At(partial.Properties, "auth")!.StructValue.Fields["params"]));
        Assert.DoesNotContain(canary, Driver.PlainPart(partial.Properties), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, error.Status.Detail, StringComparison.Ordinal);
        Assert.Single(Service.Journal.Matching("POST", "/data/foundation/flowservice/connections"));
    }

    [Fact]
    public async Task Cancel_while_the_POST_is_unanswered_and_nothing_is_found_is_state_unknown()
    {
        var check = await Rpc.CheckAsync(Driver.Mixpanel(Canary.New()));
        Service.Faults.AddLatency(TimeSpan.FromMinutes(5), method: "POST", path: "/connections");

        var create = Rpc.CreateAsync(check.Inputs, preview: false);
        await Eventually.UntilAsync(() => Service.Faults.InjectedCount > 0, "the request never reached the emulator"); // the POST reached the service
        await Client.CancelAsync(new Empty());
        var error = await Assert.ThrowsAsync<RpcException>(() => create);

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Contains("may exist", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Service.GetStoredConnections());
    }
}
