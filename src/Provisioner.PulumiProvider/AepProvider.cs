using Provisioner.PulumiProvider.Configuration;
using Provisioner.PulumiProvider.Functions;
using Provisioner.PulumiProvider.Resources;
using Provisioner.PulumiProvider.Resources.ConnectionSet;

namespace Provisioner.PulumiProvider;

/// <summary>
/// The provider's state and dispatch: configuration (CheckConfig/DiffConfig/Configure), then each resource call
/// routed to its resource type and each Invoke to its function. One instance per plugin process, like the engine
/// expects (Configure is called at most once per process; a repeat simply reconfigures, and calls already running keep
/// the client they started with).
/// </summary>
public sealed class AepProvider(
    BaseConnectionResource connections,
    ConnectionSetResource connectionSets,
    EngineLog engineLog,
    FlowClientFactory clientFactory,
    Func<string, string?> environment,
    ILogger<AepProvider> logger) : IDisposable
{
    private ProviderSession? _session;
    // Sessions replaced by a later Configure. Calls that started before it may still be using their client, and
    // there is no cheap way to know when the last one ends, so they are disposed with the provider. Configure is
    // called at most once per process by the engine, so this holds at most a handful of clients.
    private readonly System.Collections.Concurrent.ConcurrentBag<ProviderSession> _retired = [];

    public ProviderSession? Session => Volatile.Read(ref _session);

    /// <summary>Which resources the engine is replacing (old id by URN), from Diff to the Create that follows.</summary>
    public PendingReplacements Replacements { get; } = new();

    public ConfigReading CheckConfig(PropertyMap news) => ConfigReader.Read(news, environment);

    public DiffResult DiffConfig(PropertyMap olds, PropertyMap news) => ConfigDiffer.Diff(olds, news, environment);

    /// <param name="args">Config with bare keys and wrapped secrets (preferred).</param>
    /// <param name="variables">The deprecated flat form (<c>aep:config:clientId</c> → string), used when args are empty.</param>
    /// <param name="isPreview">The engine marked this provider instance as a preview (its id is unknown).</param>
    public async Task ConfigureAsync(PropertyMap args, IReadOnlyDictionary<string, string> variables, bool isPreview, string? providerUrn)
    {
        if (args.Count == 0 && variables.Count > 0)
        {
            args = PropertyMap.From(variables.Select(v => KeyValuePair.Create(v.Key, PropertyValue.Of(v.Value))));
        }
        var reading = ConfigReader.Read(args, environment);
        if (reading.Missing.Count > 0)
        {
            throw new MissingConfigurationException(reading.Missing.Select(k => (k.PulumiName, ConfigReader.MissingReason(k))).ToList());
        }
        if (reading.Failures.Count > 0)
        {
            throw ProviderException.InvalidArgument("invalid provider configuration: " +
                string.Join("; ", reading.Failures.Select(f => f.Reason)));
        }
        var config = reading.Config
            ?? throw ProviderException.FailedPrecondition("the provider configuration is not known yet (unknown values); it cannot be used");
        IFlowServiceClient client;
        try
        {
            client = clientFactory(config.ToFlowServiceOptions());
        }
        catch (ArgumentException error)
        {
            // The client's own validation (its messages name settings, never their secret values).
            throw ProviderException.InvalidArgument("invalid provider configuration: " + error.Message);
        }
        var session = new ProviderSession(config, client, isPreview);
        if (Interlocked.Exchange(ref _session, session) is { } previous)
        {
            _retired.Add(previous); // not disposed now: in-flight calls may still use its client
        }
        Log.Configured(logger, config, isPreview);
        // Shown with `pulumi up -v=…`/--debug: which service, org and sandbox this provider works on (no secrets).
        await engineLog.LogAsync(Pulumirpc.LogSeverity.Debug, $"aep provider configured: {config}", providerUrn);
    }

    private readonly IProviderResource _connections = connections;

    /// <summary>SourceConnection, TargetConnection and Dataflow: one resource per kind, by type token.</summary>
    private readonly IReadOnlyDictionary<string, IProviderResource> _pipeline = Core.Pipeline.PipelineKindInfo.All
        .ToDictionary(k => k.PulumiType, k => (IProviderResource)new Resources.Pipeline.PipelineResource(k.Kind, engineLog), StringComparer.Ordinal);

    public IProviderResource Resource(string type, string? urn)
    {
        var token = ResourceType.Of(type, urn);
        return token switch
        {
            BaseConnectionProperties.Type => _connections,
            ConnectionSetProperties.Type => connectionSets,
            _ when _pipeline.TryGetValue(token, out var pipeline) => pipeline,
            _ => throw ProviderException.InvalidArgument(
                $"unknown resource type '{token}'; this provider offers {string.Join(", ", [BaseConnectionProperties.Type, ConnectionSetProperties.Type, .. _pipeline.Keys])}"),
        };
    }

    public Task<InvokeResult> InvokeAsync(string token, PropertyMap args, CancellationToken cancellationToken) =>
        ProviderFunctions.InvokeAsync(token, args, Session, cancellationToken);

    public void Dispose()
    {
        Interlocked.Exchange(ref _session, null)?.Dispose();
        while (_retired.TryTake(out var retired))
        {
            retired.Dispose();
        }
    }
}
