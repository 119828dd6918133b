using Provisioner.Core.Definitions;
using Provisioner.Core.Reconciliation;
using Provisioner.Emulator;
using Provisioner.FlowService;
using Provisioner.Testing;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>An in-process emulator on loopback plus a real client and the reconciler over it.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    public const string Canary = "canary-pw-91d4c3e0";

    private EmulatorHarness(EmulatorHost host, FlowServiceClientHandle client)
    {
        Host = host;
        Client = client;
        Catalog = new FlowServiceConnectionSpecCatalog(client, SourceCatalog.Aliases); // the production alias table
    }

    public EmulatorHost Host { get; }
    public FlowServiceClientHandle Client { get; }
    public IConnectionSpecCatalog Catalog { get; }

    public static readonly ISecretSource Secrets = new DictionarySecretSource(new Dictionary<string, string>
    {
        ["mixpanelPassword"] = Canary,
        ["s3LandingSecretKey"] = Canary + "-s3",
        ["s3ExportSecretKey"] = Canary + "-s3x",
        ["salesforcePassword"] = Canary + "-sf",
        ["salesforceSecurityToken"] = Canary + "-sft",
    });

    public static async Task<EmulatorHarness> StartAsync()
    {
        var host = await EmulatorHost.StartAsync();
        var options = EmulatorClientOptions.For(host);
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        options.AttemptTimeout = TimeSpan.FromSeconds(10);
        var client = FlowServiceClientFactory.Create(options);
        return new EmulatorHarness(host, client);
    }

    public ConnectionReconciler Reconciler(ReconcilerOptions? options = null) => new(Client, options ?? new ReconcilerOptions
    {
        SecretRecorder = SecretValueRecorder.Fingerprint(new byte[32]),
    });

    public async Task<DesiredConnectionSet> LoadAsync(string yaml)
    {
        var result = await DefinitionsResolver.LoadAsync(yaml, "connections.yaml", Catalog, Secrets);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        return result.Desired!;
    }

    /// <summary>Plan then apply, as every host does.</summary>
    public async Task<ApplyResult> ApplyAsync(string yaml, RecordedState state, ConnectionReconciler? reconciler = null)
    {
        reconciler ??= Reconciler();
        var plan = await reconciler.PlanAsync(await LoadAsync(yaml), state);
        return await reconciler.ApplyAsync(plan);
    }

    public int Writes(string method) => Host.Journal.Writes.Count(w => w.Method == method);

    public static string ExampleFile() => File.ReadAllText(RepoRoot.Combine("infra", "connections.yaml"));

    /// <summary>infra/examples/sources-and-destinations.yaml: Mixpanel, an S3 destination, a Data Landing Zone.</summary>
    public static string DestinationsExampleFile() => File.ReadAllText(RepoRoot.Combine("infra", "examples", "sources-and-destinations.yaml"));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Host.DisposeAsync();
    }
}
