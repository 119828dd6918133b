using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Provisioner.PulumiProvider.Protocol;
using Provisioner.PulumiProvider.Resources;
using Provisioner.PulumiProvider.Tests.Harness;
using Pulumirpc;

namespace Provisioner.Reliability.Tests.Support;

/// <summary>
/// The built plugin (<c>pulumi-resource-aep</c>, copied next to the tests by the project reference) launched the way
/// the engine launches it, with a fake engine on 127.0.0.1:0 receiving its Engine.Log messages. stdout after the
/// port line, stderr and every engine log message are captured for leak scans; <see cref="IsAlive"/> tells whether
/// a bad input killed it.
/// </summary>
internal sealed class Plugin : IAsyncDisposable
{
    public const string Urn = "urn:pulumi:test::reliability::" + BaseConnectionProperties.Type + "::conn";

    private readonly Process _process;
    private readonly FakeEngine _engine;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pumps;

    private Plugin(Process process, FakeEngine engine, int port)
    {
        _process = process;
        _engine = engine;
        EngineLogs = engine.Logs;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        Client = new ResourceProvider.ResourceProviderClient(Channel);
        _pumps = Task.WhenAll(Pump(new StreamReader(process.StandardOutput.BaseStream), _stdout), Pump(process.StandardError, _stderr));
    }

    public GrpcChannel Channel { get; }
    public ResourceProvider.ResourceProviderClient Client { get; }
    public ConcurrentQueue<LogRequest> EngineLogs { get; }
    public bool IsAlive => !_process.HasExited;

    public IEnumerable<(string Where, string? Text)> Captured()
    {
        lock (_stdout) lock (_stderr)
        {
            return [("plugin stdout after the port", _stdout.ToString()), ("plugin stderr", _stderr.ToString()),
                ("engine log messages", string.Join('\n', EngineLogs.Select(l => $"{l.Severity} {l.Message}")))];
        }
    }

    public static async Task<Plugin> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var engine = await FakeEngine.StartAsync();
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "pulumi-resource-aep"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(engine.Address);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AEP_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;

        var portLine = new StringBuilder();
        var one = new byte[1];
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // hang guard only
        while (await process.StandardOutput.BaseStream.ReadAsync(one, guard.Token) == 1 && one[0] != '\n') portLine.Append((char)one[0]);
        if (!int.TryParse(portLine.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new InvalidOperationException($"the plugin printed '{portLine}' instead of its port; stderr: {await process.StandardError.ReadToEndAsync()}");
        }
        return new Plugin(process, engine, port);
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
        Channel.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await _pumps;
        _process.Dispose();
        await _engine.DisposeAsync();
    }

    private static async Task Pump(TextReader reader, StringBuilder sink)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (sink) sink.Append(buffer, 0, read);
        }
    }
}
