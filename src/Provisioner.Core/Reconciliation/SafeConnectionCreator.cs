using System.Runtime.ExceptionServices;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>What a duplicate-safe create did: <see cref="Recovered"/> when a POST whose response was lost had in
/// fact committed and the connection was found by name instead of being created twice.</summary>
public sealed record SafeCreateResult(ConnectionRef Connection, bool Recovered, int Attempts);

/// <summary>
/// Creates a connection without ever creating it twice, and without ever losing one it created.
/// <c>POST /connections</c> has no idempotency key, so once a POST has been sent, any outcome but a clean answer —
/// a failure that may have committed (<see cref="FlowServiceException.MayHaveCommitted"/>: timeout, reset, 5xx) or
/// the caller's cancellation while the request was on the wire — is settled by looking the connection up by exact
/// name before anything else: one new match is the committed connection, several are refused
/// (<see cref="AmbiguousConnectionException"/>), none means nothing committed (so the POST may be tried again after
/// a failure). A cancelled create is never retried and never reported as a plain cancellation: it ends in
/// <see cref="UnsettledCreateException"/>, carrying the committed connection when the lookup found it. The lookup
/// runs on a budget of its own, so a cancelled caller still gets the answer; if it fails the outcome is unknown
/// (<see cref="UnsettledCreateException"/> without a connection), never a clean failure.
/// The caller must have made sure no connection with that name existed before (or pass the ids that did).
/// </summary>
public sealed class SafeConnectionCreator
{
    /// <summary>How long the settling lookup may take. Bounded because it outlives a cancellation.</summary>
    public static readonly TimeSpan DefaultLookupTimeout = TimeSpan.FromSeconds(10);

    private readonly IFlowServiceClient _client;
    private readonly int _maxAttempts;
    private readonly TimeSpan _lookupTimeout;
    private readonly TimeProvider _time;

    public SafeConnectionCreator(IFlowServiceClient client, int maxAttempts = 3, TimeSpan? lookupTimeout = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _maxAttempts = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts));
        _lookupTimeout = lookupTimeout ?? DefaultLookupTimeout;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="preexistingIds">Connections with this name that existed before the first POST; never adopted.</param>
    public async Task<SafeCreateResult> CreateAsync(CreateConnectionRequest request, IReadOnlySet<string>? preexistingIds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            // Nothing of this attempt is sent yet, and earlier attempts were proven not to have committed: a
            // cancellation here is clean.
            cancellationToken.ThrowIfCancellationRequested();
            Exception interrupted;
            try
            {
                var created = await _client.CreateConnectionAsync(request, cancellationToken).ConfigureAwait(false);
                return new SafeCreateResult(created, Recovered: false, attempt);
            }
            catch (FlowServiceException e) when (e.MayHaveCommitted)
            {
                interrupted = e;
            }
            catch (OperationCanceledException e)
            {
                // The POST may already be on the wire (or answered and lost with the cancellation): only the
                // service can tell whether it committed.
                interrupted = e;
            }

            var cancelled = interrupted is OperationCanceledException;
            var reason = cancelled ? "cancelled" : $"no usable answer: {interrupted.Message}";
            var found = await FindCommittedAsync(request.Name, preexistingIds, reason, interrupted).ConfigureAwait(false);
            if (found is not null)
            {
                return cancelled
                    ? throw new UnsettledCreateException(request.Name, found, reason, interrupted)
                    : new SafeCreateResult(found, Recovered: true, attempt);
            }
            if (cancelled)
            {
                // A request cut off on our side may still be processed by the service after the lookup.
                throw new UnsettledCreateException(request.Name, null,
                    "cancelled; no connection with this name was found yet, but the service may still commit the request", interrupted);
            }
            if (attempt >= _maxAttempts)
            {
                ExceptionDispatchInfo.Throw(interrupted); // proven not committed: a clean failure
            }
            // Nothing committed: posting again cannot duplicate.
        }
    }

    /// <summary>The one new connection with this name, or null when there is none. A lookup that fails leaves the
    /// create unsettled.</summary>
    private async Task<ConnectionRef?> FindCommittedAsync(string name, IReadOnlySet<string>? preexistingIds, string reason, Exception interrupted)
    {
        IReadOnlyList<Connection> named;
        using (var budget = new CancellationTokenSource(_lookupTimeout, _time))
        using (SettlingCalls.Begin())
        {
            try
            {
                named = await _client.FindConnectionsByNameAsync(name, budget.Token).ConfigureAwait(false);
            }
            // Stryker disable once Logical,Equality,Boolean : only an OutOfMemoryException differs, and no test can provoke one
            catch (Exception lookupFailure) when (lookupFailure is not OutOfMemoryException)
            {
                var why = lookupFailure is OperationCanceledException
                    ? $"the lookup by name did not finish within {_lookupTimeout.TotalSeconds:0.#} s"
                    : $"looking it up by name failed: {lookupFailure.Message}";
                throw new UnsettledCreateException(name, null, $"{reason}; {why}", new AggregateException(interrupted, lookupFailure));
            }
        }
        var matches = named.Where(c => preexistingIds is null || !preexistingIds.Contains(c.Id)).ToArray();
        return matches.Length switch
        {
            0 => null,
            1 => new ConnectionRef(matches[0].Id, matches[0].Etag),
            _ => throw new AmbiguousConnectionException(name, matches.Select(m => m.Id).ToArray()),
        };
    }
}
