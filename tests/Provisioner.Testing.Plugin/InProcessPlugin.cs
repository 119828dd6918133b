using Grpc.Net.Client;
using Provisioner.PulumiProvider.Hosting;
using Provisioner.PulumiProvider.Resources;

namespace Provisioner.Testing.Plugin;

/// <summary>The plugin's real gRPC host on 127.0.0.1:0 inside the test process, with a controlled environment
/// (AEP_* fallbacks) — for tests that need many fresh providers and no process start.</summary>
public sealed class InProcessPlugin : IAsyncDisposable
{
    private readonly PluginHost _host;

    private InProcessPlugin(PluginHost host)
    {
        _host = host;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{host.Port}");
        Client = new ResourceProvider.ResourceProviderClient(Channel);
    }

    public GrpcChannel Channel { get; }
    public ResourceProvider.ResourceProviderClient Client { get; }
    public IServiceProvider Services => _host.Services;

    public static async Task<InProcessPlugin> StartAsync(
        IReadOnlyDictionary<string, string>? environment = null, string? engineAddress = null, FlowClientFactory? clientFactory = null)
    {
        var env = environment ?? new Dictionary<string, string>();
        var host = await PluginHost.StartAsync(
            new LaunchArguments(engineAddress, 0),
            clientFactory,
            name => env.TryGetValue(name, out var value) ? value : null);
        return new InProcessPlugin(host);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _host.StopAsync();
        await _host.DisposeAsync();
    }
}
