namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// The engine's Cancel reaching a Create whose POST is already on the wire, against the spawned plugin: the service
/// may have committed the connection, so the plugin must never answer CANCELLED (the engine reads it as "did not
/// happen" and the next `up` creates a duplicate). Core's reconciler settles the create by name, exactly as for the
/// set: found → the connection is recorded (the Create answers with its id, after reading it back); not found → UNKNOWN.
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

        var created = await Rpc.Client.CreateAsync(new CreateRequest
        {
            Urn = Driver.Urn, Properties = check.Inputs, Name = "mixpanel", Type = Driver.Type, Timeout = 10,
        }).ResponseAsync;

        Assert.Equal(Assert.Single(Service.GetStoredConnections()).Id, created.Id);
        Assert.Single(Service.Journal.Matching("POST", "/data/foundation/flowservice/connections"));
    }

    [Fact]
    public async Task Cancel_after_the_POST_committed_answers_with_the_id_so_the_engine_records_it()
    {
        var canary = Canary.New();
        var check = await Rpc.CheckAsync(Driver.Mixpanel(canary));
        Service.Faults.DelayResponseAfterCommit(TimeSpan.FromMinutes(5), count: 1);

        var create = Rpc.CreateAsync(check.Inputs, preview: false);
        await Eventually.UntilAsync(() => Service.GetStoredConnections().Count == 1, "the request never reached the emulator");
        await Client.CancelAsync(new Empty());
        var created = await create;

        var stored = Assert.Single(Service.GetStoredConnections());
        Assert.Equal(stored.Id, created.Id);
        Assert.StartsWith("\"", created.Properties.Fields["etag"].StringValue, StringComparison.Ordinal);
        Assert.True(IsSecret(At(created.Properties, "auth")!.StructValue.Fields["params"]));
        Assert.DoesNotContain(canary, Driver.PlainPart(created.Properties), StringComparison.Ordinal);
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
