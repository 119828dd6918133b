using Provisioner.Emulator.Connections;
using Provisioner.Emulator.Endpoints;
using Provisioner.Emulator.Ims;
using Provisioner.Emulator.Resources;

namespace Provisioner.Emulator;

/// <summary>
/// An emulator running in this process on loopback. Tests, the CLI's <c>--local</c> mode and benchmarks use it.
/// CONTRACT (fixed for other projects):
///   BaseAddress   gateway root, e.g. http://127.0.0.1:5080/ — Flow Service under /data/foundation/flowservice,
///                 IMS token endpoint at /ims/token/v3.
///   Options       the options it was started with (client id/secret, org, sandboxes).
///   Faults        fault injection, all off until switched on.
///   Journal       every request received (method, path, query, status), for "zero writes" assertions.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private EmulatorHost(WebApplication app, EmulatorOptions options, Uri baseAddress)
    {
        _app = app;
        Options = options;
        BaseAddress = baseAddress;
    }

    /// <summary>Gateway root with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public EmulatorOptions Options { get; }

    /// <summary><c>{BaseAddress}data/foundation/flowservice/</c> (trailing slash, so relative paths append).</summary>
    public Uri FlowServiceAddress => new(BaseAddress, EmulatorPaths.FlowService.TrimStart('/') + "/");

    /// <summary><c>{BaseAddress}ims/token/v3</c>.</summary>
    public Uri ImsTokenEndpoint => new(BaseAddress, EmulatorPaths.ImsToken.TrimStart('/'));

    public FaultInjector Faults => _app.Services.GetRequiredService<FaultInjector>();

    public RequestJournal Journal => _app.Services.GetRequiredService<RequestJournal>();

    /// <summary>The catalog the emulator serves (the embedded one).</summary>
    public ConnectionSpecCatalog Catalog => _app.Services.GetRequiredService<ConnectionSpecCatalog>();

    /// <summary>Starts an emulator on a free loopback port (or <see cref="EmulatorOptions.Urls"/>).</summary>
    /// <exception cref="EmulatorDataFileException">The data file exists but is corrupt (it is left untouched).</exception>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var app = EmulatorApp.Build(options, consoleLogging: false);
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Urls.FirstOrDefault()
                ?? throw new InvalidOperationException("The emulator started but reported no listening address.");
            return new EmulatorHost(app, options, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every stored connection of every org and sandbox, in creation order, with UNMASKED params — for
    /// durability and duplicate assertions. Do not print the params.</summary>
    public IReadOnlyList<StoredConnection> GetStoredConnections() =>
        _app.Services.GetRequiredService<ConnectionStore>().Current.Connections.Values.OrderBy(c => c.Sequence).ToArray();

    /// <summary>Every stored source connection, target connection, flow and run (<see cref="StoredResource.Kind"/>) of
    /// every org and sandbox, in creation order; <paramref name="kind"/> narrows to one collection (<c>flows</c>).</summary>
    public IReadOnlyList<StoredResource> GetStoredResources(string? kind = null) =>
        _app.Services.GetRequiredService<ConnectionStore>().Current.Resources.Values
            .Where(r => kind is null || r.Kind == kind).OrderBy(r => r.Sequence).ToArray();

    /// <summary>Adds a completed run to a flow, as if its schedule had fired (<paramref name="succeeded"/> false: a
    /// failed run). Returns the run's id.</summary>
    /// <exception cref="KeyNotFoundException">No flow has that id.</exception>
    public async Task<string> AddRunAsync(string flowId, bool succeeded = true)
    {
        var run = await FlowRuns.AddAsync(_app.Services.GetRequiredService<ConnectionStore>(), flowId,
            succeeded ? FlowRuns.Success : FlowRuns.Failed, Options.TimeProvider);
        return run?.Id ?? throw new KeyNotFoundException($"The emulator has no flow with id '{flowId}'.");
    }

    /// <summary>Issues an IMS access token without an HTTP exchange (as if the client-credentials call succeeded).</summary>
    public string IssueAccessToken() => _app.Services.GetRequiredService<TokenIssuer>().Issue(Options.ClientId).Token;

    /// <summary>Invalidates every issued token: the next Flow Service call with one gets 401013 (static tokens stay valid).</summary>
    public void RevokeAccessTokens() => _app.Services.GetRequiredService<TokenIssuer>().RevokeAll();

    /// <summary>Deletes every connection, source and target connection, flow and run (persisted if a data file is used),
    /// clears the journal, switches faults off.</summary>
    public Task ResetAsync() => EmulatorState.ResetAsync(
        _app.Services.GetRequiredService<ConnectionStore>(), Journal, Faults, TestVerdicts);

    /// <summary>Makes <c>GET /connections/{id}/test</c> answer <c>result: false</c> for this connection, as if the
    /// service could not log in with its credentials (until <see cref="AcceptCredentials"/> or a reset).</summary>
    public void RejectCredentials(string connectionId) => TestVerdicts.Reject(connectionId);

    public void AcceptCredentials(string connectionId) => TestVerdicts.Accept(connectionId);

    private ConnectionTestVerdicts TestVerdicts => _app.Services.GetRequiredService<ConnectionTestVerdicts>();

    /// <summary>Stops listening. Every acknowledged write is already on disk (writes persist before responding).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
