using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Provisioner.CrossHost.Tests.Hosts;

/// <summary>
/// The built plugin launched as the engine launches it (with a fake engine receiving its log messages), and
/// configured as the engine configures it against one emulator of its own.
/// </summary>
internal sealed class ConfiguredPlugin(EmulatorHost service, FakeEngine engine, PluginProcess plugin) : IAsyncDisposable
{
    public EmulatorHost Service { get; } = service;

    public ResourceProvider.ResourceProviderClient Client => plugin.Client;

    /// <summary>The start of what the plugin wrote to stderr (a stack trace's first frames are enough): attached to failures.</summary>
    public string Stderr => string.Join('\n', plugin.Stderr.Split('\n').Take(12));

    public static async Task<ConfiguredPlugin> StartAsync()
    {
        var service = await EmulatorHost.StartAsync();
        var engine = await FakeEngine.StartAsync();
        var plugin = await PluginProcess.StartAsync([engine.Address]);
        await new Driver(plugin.Client).ConfigureAsync(Driver.EmulatorConfig(service), engine.Address);
        return new ConfiguredPlugin(service, engine, plugin);
    }

    /// <summary>Runs one RPC; a gRPC error becomes a failure that names the call and carries the plugin's stderr.</summary>
    public async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException error)
        {
            throw new HostFailedException($"{what} failed: {error.StatusCode} {error.Status.Detail}\nplugin stderr:\n{Stderr}");
        }
    }

    /// <summary>The checked inputs; Check failures fail the step (the model only writes valid definitions).</summary>
    public static Struct Checked(CheckResponse check, string what) => check.Failures.Count == 0
        ? check.Inputs
        : throw new HostFailedException($"{what} failed: " + string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));

    public async ValueTask DisposeAsync()
    {
        await plugin.DisposeAsync();
        await engine.DisposeAsync();
        await Service.DisposeAsync();
    }
}
