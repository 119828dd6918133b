using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Provisioner.PulumiProvider.Protocol;
using Provisioner.PulumiProvider.Resources;
using Provisioner.Testing.Plugin;
using Pulumirpc;

namespace Provisioner.Reliability.Tests.Support;

/// <summary>
/// The shared launcher (<see cref="PluginProcess"/>, started the way the engine starts the plugin) with a
/// <see cref="FakeEngine"/> receiving its Engine.Log messages. stdout after the port line, stderr and every engine log
/// message are captured for leak scans; <see cref="IsAlive"/> tells whether a bad input killed it.
/// </summary>
internal sealed class Plugin : IAsyncDisposable
{
    public const string Urn = "urn:pulumi:test::reliability::" + BaseConnectionProperties.Type + "::conn";

    private readonly FakeEngine _engine;
    private readonly PluginProcess _process;

    private Plugin(FakeEngine engine, PluginProcess process)
    {
        _engine = engine;
        _process = process;
    }

    public ResourceProvider.ResourceProviderClient Client => _process.Client;
    public ConcurrentQueue<LogRequest> EngineLogs => _engine.Logs;
    public bool IsAlive => !_process.Process.HasExited;

    public IEnumerable<(string Where, string? Text)> Captured() =>
    [
        ("plugin stdout after the port", _process.StdoutAfterPort), ("plugin stderr", _process.Stderr),
        ("engine log messages", string.Join('\n', EngineLogs.Select(l => $"{l.Severity} {l.Message}"))),
    ];

    public static async Task<Plugin> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var engine = await FakeEngine.StartAsync();
        return new Plugin(engine, await PluginProcess.StartAsync([engine.Address], environment));
    }

    /// <summary>Configure with these <c>aep:*</c> settings (secrets wrapped as the engine does).</summary>
    public Task<ConfigureResponse> ConfigureAsync(IReadOnlyDictionary<string, string> settings, params string[] secretKeys)
    {
        var args = new Struct();
        foreach (var (key, value) in settings)
        {
            args.Fields[key] = secretKeys.Contains(key) ? PropertyValueCodec.Encode(PropertyValue.Secret(PropertyValue.Of(value))) : Value.ForString(value);
        }
        return Client.ConfigureAsync(new ConfigureRequest { Args = args, AcceptSecrets = true }).ResponseAsync;
    }

    /// <summary>Still serving? (GetPluginInfo answers.)</summary>
    public async Task<bool> AnswersAsync()
    {
        if (!IsAlive) return false;
        var info = await Client.GetPluginInfoAsync(new Empty());
        return info.Version.Length > 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await _engine.DisposeAsync();
    }
}
