using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Provisioner.Emulator;
using Provisioner.FlowService;

namespace Provisioner.Testing;

/// <summary>
/// The one emulator+client harness: an in-process emulator on loopback and a Flow Service client built by the
/// production factory (IMS exchange, gateway headers, resilience pipeline), with every log line the client writes
/// captured at Trace. Suites add their own domain helpers on top (reconciler, definitions) by holding one.
/// </summary>
/// <remarks>Built by <see cref="StartAsync"/>; the harness owns what it is given and disposes it.</remarks>
public sealed class EmulatorClientHarness(
    EmulatorHost host, FlowServiceClientHandle client, FlowServiceOptions options, FakeLogCollector logs, ILoggerFactory loggers)
    : IAsyncDisposable
{
    public EmulatorHost Host { get; } = host;
    public FlowServiceClientHandle Client { get; } = client;
    public FlowServiceOptions Options { get; } = options;
    public FakeLogCollector Logs { get; } = logs;

    /// <summary>Every captured log line with its exception text, one per line, for canary scans.</summary>
    public string LogText => string.Join('\n', Logs.GetSnapshot().Select(r => $"{r.Level} {r.Category} {r.Message} {r.Exception}"));

    /// <param name="emulator">Emulator settings (fault clock, data file); defaults when null.</param>
    /// <param name="tune">Adjusts the client options (retries, timeouts) after the emulator's credentials are set.</param>
    public static async Task<EmulatorClientHarness> StartAsync(EmulatorOptions? emulator = null, Action<FlowServiceOptions>? tune = null)
    {
        var host = await EmulatorHost.StartAsync(emulator ?? new EmulatorOptions());
        var options = EmulatorClientOptions.For(host);
        tune?.Invoke(options);
        var provider = new FakeLoggerProvider();
        var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        return new EmulatorClientHarness(host, FlowServiceClientFactory.Create(options, loggers), options, provider.Collector, loggers);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        loggers.Dispose();
        await Host.DisposeAsync();
    }
}
