namespace Provisioner.PulumiProvider.Tests.Harness;

/// <summary>
/// A fresh in-process emulator and a plugin configured against it, per test: the set-up every RPC-level test class
/// shares. The plugin is the in-process host unless a class needs the spawned executable
/// (<see cref="StartPluginAsync"/>); a class that tests configuration itself turns <see cref="ConfigureOnStart"/> off.
/// </summary>
public abstract class ConfiguredPluginTest : IAsyncLifetime
{
    private IAsyncDisposable _plugin = null!;

    protected EmulatorHost Service { get; private set; } = null!;
    protected Driver Rpc { get; private set; } = null!;

    /// <summary>The plugin's gRPC client (the same one <see cref="Rpc"/> drives).</summary>
    protected ResourceProvider.ResourceProviderClient Client => Rpc.Client;

    /// <summary>Whether the provider is configured against <see cref="Service"/> before each test.</summary>
    protected virtual bool ConfigureOnStart => true;

    /// <summary>Starts the plugin under test and returns its client and what stops it.</summary>
    protected virtual async Task<(ResourceProvider.ResourceProviderClient Client, IAsyncDisposable Lifetime)> StartPluginAsync()
    {
        var plugin = await InProcessPlugin.StartAsync();
        return (plugin.Client, plugin);
    }

    public async Task InitializeAsync()
    {
        Service = await EmulatorHost.StartAsync();
        var (client, lifetime) = await StartPluginAsync();
        _plugin = lifetime;
        Rpc = new Driver(client);
        if (ConfigureOnStart)
        {
            await Rpc.ConfigureAsync(Driver.EmulatorConfig(Service));
        }
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await Service.DisposeAsync();
    }
}
