using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>What a duplicate-safe create did: <see cref="Recovered"/> when a POST whose response was lost had in
/// fact committed and the object was found by name instead of being created twice.</summary>
public sealed record SafeCreateResult(ConnectionRef Connection, bool Recovered, int Attempts);

/// <summary>
/// Creates a base connection without ever creating it twice, and without ever losing one it created: the one
/// duplicate-safe create (<see cref="DuplicateSafeCreate"/>, which says how) applied to <c>POST /connections</c>.
/// The caller must have made sure no connection with that name existed before (or pass the ids that did).
/// </summary>
public sealed class SafeConnectionCreator
{
    /// <summary>How long the settling lookup may take. Bounded because it outlives a cancellation.</summary>
    public static readonly TimeSpan DefaultLookupTimeout = TimeSpan.FromSeconds(10);

    private readonly IFlowServiceClient _client;
    private readonly DuplicateSafeCreate _create;

    public SafeConnectionCreator(IFlowServiceClient client, int maxAttempts = 3, TimeSpan? lookupTimeout = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _create = new DuplicateSafeCreate(maxAttempts, lookupTimeout ?? DefaultLookupTimeout, time ?? TimeProvider.System);
    }

    /// <param name="preexistingIds">Connections with this name that existed before the first POST; never adopted.</param>
    public Task<SafeCreateResult> CreateAsync(CreateConnectionRequest request, IReadOnlySet<string>? preexistingIds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = new CreateTarget(ReconcileMessages.BaseConnectionNoun, ReconcileMessages.BaseConnectionType,
            ct => _client.CreateConnectionAsync(request, ct),
            async (name, ct) => (await _client.FindConnectionsByNameAsync(name, ct).ConfigureAwait(false))
                .Select(c => new ConnectionRef(c.Id, c.Etag)).ToArray());
        return _create.CreateAsync(target, request.Name, preexistingIds, cancellationToken);
    }
}
