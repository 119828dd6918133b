using System.Text;
using Microsoft.Extensions.Logging.Testing;
using Provisioner.Core.Definitions;

namespace Provisioner.Reliability.Tests.Support;

/// <summary>
/// The real stack on loopback (the shared <see cref="EmulatorClientHarness"/>: an in-process emulator, a client built by the
/// production factory and every log line it writes, captured at Trace), plus the reliability suite's definitions.
/// </summary>
internal sealed class Service : IAsyncDisposable
{
    public const string MixpanelSpecId = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";
    public const string PasswordSecret = "sourcePassword";

    private readonly EmulatorClientHarness _shared;

    private Service(EmulatorClientHarness stack) => _shared = stack;

    public EmulatorHost Emulator => _shared.Host;
    public FlowServiceClientHandle Client => _shared.Client;
    public FakeLogCollector Logs => _shared.Logs;
    public FlowServiceOptions Options => _shared.Options;

    /// <summary>Every captured log line with its exception text, one per line, for canary scans.</summary>
    public string LogText => _shared.LogText;

    /// <param name="tune">Adjusts the client options (retries, timeouts) after the emulator defaults are set.</param>
    public static async Task<Service> StartAsync(EmulatorOptions? emulatorOptions = null, Action<FlowServiceOptions>? tune = null) =>
        new(await EmulatorClientHarness.StartAsync(emulatorOptions, options =>
        {
            // Keep the suite fast: the backoff shape is the production one, only its base is small.
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            tune?.Invoke(options);
        }));

    public ConnectionReconciler Reconciler(int parallelism = 8, int maxCreateAttempts = 3) =>
        new(Client, new ReconcilerOptions { MaxParallelism = parallelism, MaxCreateAttempts = maxCreateAttempts });

    /// <summary>A definitions file of <paramref name="count"/> Mixpanel connections named "<paramref name="prefix"/> NNN",
    /// keyed cNNN, each password a reference to <see cref="PasswordSecret"/>.</summary>
    public static string DefinitionsYaml(int count, string prefix)
    {
        var yaml = new StringBuilder("connections:\n");
        for (var i = 0; i < count; i++)
        {
            yaml.Append($"""
                  c{i:D4}:
                    name: {prefix} {i:D4}
                    description: reliability connection {i}
                    source: mixpanel
                    auth:
                      specName: Basic Authentication
                      params:
                        host: https://data.mixpanel.com
                        username: user-{i}
                        password: {"{"} secret: {PasswordSecret} {"}"}

                """);
        }
        return yaml.ToString();
    }

    /// <summary>Parses and resolves definitions against the emulator's own connection specs.</summary>
    public async Task<DesiredConnectionSet> DesiredAsync(int count, string prefix, string password = "reliability-pw")
    {
        var catalog = new FlowServiceConnectionSpecCatalog(Client, new Dictionary<string, string> { ["mixpanel"] = MixpanelSpecId });
        var secrets = new DictionarySecretSource(new Dictionary<string, string> { [PasswordSecret] = password });
        var result = await DefinitionsResolver.LoadAsync(DefinitionsYaml(count, prefix), "reliability.yaml", catalog, secrets);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Desired!;
    }

    public StateAudit Audit(RecordedState state) => StateAudit.Of(state, Emulator.GetStoredConnections());

    public ValueTask DisposeAsync() => _shared.DisposeAsync();
}
