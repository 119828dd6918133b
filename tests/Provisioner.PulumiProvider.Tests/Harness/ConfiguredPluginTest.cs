namespace Provisioner.PulumiProvider.Tests.Harness;

/// <summary>
/// A fresh in-process emulator and an in-process plugin already configured against it, per test: the set-up most
/// RPC-level tests share.
/// </summary>
public abstract class ConfiguredPluginTest : IAsyncLifetime
{
    protected EmulatorHost Service { get; private set; } = null!;
    protected InProcessPlugin Plugin { get; private set; } = null!;
    protected Driver Rpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await EmulatorHost.StartAsync();
        Plugin = await InProcessPlugin.StartAsync();
        Rpc = new Driver(Plugin.Client);
        await Rpc.ConfigureAsync(Driver.EmulatorConfig(Service));
    }

    public async Task DisposeAsync()
    {
        await Plugin.DisposeAsync();
        await Service.DisposeAsync();
    }
}
