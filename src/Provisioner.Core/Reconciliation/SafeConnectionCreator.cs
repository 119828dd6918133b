using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>What a duplicate-safe create did: <see cref="Recovered"/> when a POST whose response was lost had in
/// fact committed and the connection was found by name instead of being created twice.</summary>
public sealed record SafeCreateResult(ConnectionRef Connection, bool Recovered, int Attempts);

/// <summary>
/// Creates a connection without ever creating it twice. <c>POST /connections</c> has no idempotency key, so after a
/// failure that may have committed (<see cref="FlowServiceException.MayHaveCommitted"/>: timeout, reset, 5xx) the
/// connection is looked up by exact name before any new POST: one match is adopted, several are refused
/// (<see cref="AmbiguousConnectionException"/>), none means nothing committed and the POST is tried again.
/// The caller must have made sure no connection with that name existed before (or pass the ids that did).
/// </summary>
public sealed class SafeConnectionCreator(IFlowServiceClient client, int maxAttempts = 3)
{
    private readonly int _maxAttempts = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts));

    /// <param name="preexistingIds">Connections with this name that existed before the first POST; never adopted.</param>
    public async Task<SafeCreateResult> CreateAsync(CreateConnectionRequest request, IReadOnlySet<string>? preexistingIds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await client.CreateConnectionAsync(request, cancellationToken).ConfigureAwait(false);
                return new SafeCreateResult(created, Recovered: false, attempt);
            }
            catch (FlowServiceException e) when (e.MayHaveCommitted)
            {
                var matches = (await client.FindConnectionsByNameAsync(request.Name, cancellationToken).ConfigureAwait(false))
                    .Where(c => preexistingIds is null || !preexistingIds.Contains(c.Id))
                    .ToArray();
                if (matches.Length == 1)
                {
                    return new SafeCreateResult(new ConnectionRef(matches[0].Id, matches[0].Etag), Recovered: true, attempt);
                }
                if (matches.Length > 1)
                {
                    throw new AmbiguousConnectionException(request.Name, matches.Select(m => m.Id).ToArray());
                }
                if (attempt >= _maxAttempts)
                {
                    throw;
                }
                // Nothing committed: posting again cannot duplicate.
            }
        }
    }
}
