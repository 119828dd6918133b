using Provisioner.Testing;

namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The shared <see cref="EmulatorClientHarness"/> plus the reconciler and definitions over it.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    public const string Canary = "canary-pw-91d4c3e0";

    private readonly EmulatorClientHarness _shared;

    private EmulatorHarness(EmulatorClientHarness stack)
    {
        _shared = stack;
        Catalog = new FlowServiceConnectionSpecCatalog(Client, SourceCatalog.Aliases); // the production alias table
    }

    public EmulatorHost Host => _shared.Host;
    public FlowServiceClientHandle Client => _shared.Client;
    public IConnectionSpecCatalog Catalog { get; }

    public static readonly ISecretSource Secrets = new DictionarySecretSource(new Dictionary<string, string>
    {
        ["mixpanelPassword"] = Canary,
        ["s3LandingSecretKey"] = Canary + "-s3",
        ["s3ExportSecretKey"] = Canary + "-s3x",
        ["salesforcePassword"] = Canary + "-sf",
        ["salesforceSecurityToken"] = Canary + "-sft",
    });

    public static async Task<EmulatorHarness> StartAsync() => new(await EmulatorClientHarness.StartAsync(tune: options =>
    {
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        options.AttemptTimeout = TimeSpan.FromSeconds(10);
    }));

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

    public ValueTask DisposeAsync() => _shared.DisposeAsync();
}
