using System.Runtime.ExceptionServices;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>What the duplicate-safe create needs to know about the kind it creates: how to POST one, how to find
/// objects by exact name, and what messages call it.</summary>
/// <param name="Noun">What messages call the kind: <c>connection</c>, <c>source connection</c>, …</param>
/// <param name="PulumiType">What a user imports one as (named in the remedy of an ambiguous create).</param>
internal sealed record CreateTarget(
    string Noun,
    string PulumiType,
    Func<CancellationToken, Task<ConnectionRef>> Post,
    Func<string, CancellationToken, Task<IReadOnlyList<ConnectionRef>>> FindByName);

/// <summary>
/// The one duplicate-safe create, for every kind (<see cref="SafeConnectionCreator"/> for base connections,
/// <see cref="PipelineObjectWriter"/> for source connections, target connections and dataflows). No POST of the Flow
/// Service has an idempotency key, so once a POST has been sent, any outcome but a clean answer — a failure that may
/// have committed (<see cref="FlowServiceException.MayHaveCommitted"/>: timeout, reset, 5xx) or the caller's
/// cancellation while the request was on the wire — is settled by looking the object up by exact name before
/// anything else: one new match is the committed object, several are refused (<see cref="AmbiguousConnectionException"/>),
/// none means nothing committed (so the POST may be tried again after a failure). A cancelled create is never retried
/// and never reported as a plain cancellation: it ends in <see cref="UnsettledCreateException"/>, carrying the
/// committed object when the lookup found it. The lookup runs on a budget of its own, so a cancelled caller still
/// gets the answer; if it fails the outcome is unknown (<see cref="UnsettledCreateException"/> without an object).
/// </summary>
internal sealed class DuplicateSafeCreate
{
    private readonly int _maxAttempts;
    private readonly TimeSpan _lookupTimeout;
    private readonly TimeProvider _time;

    public DuplicateSafeCreate(int maxAttempts, TimeSpan lookupTimeout, TimeProvider time)
    {
        _maxAttempts = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts));
        _lookupTimeout = lookupTimeout;
        _time = time;
    }

    /// <param name="name">The name the request carries: how a create whose answer was lost is found again.</param>
    /// <param name="notOurs">Objects with this name that existed before the first POST (or belong to other keys); never taken.</param>
    public async Task<SafeCreateResult> CreateAsync(CreateTarget target, string name, IReadOnlySet<string>? notOurs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Nothing of this attempt is sent yet, and earlier attempts were proven not to have committed: a
            // cancellation here is clean.
            cancellationToken.ThrowIfCancellationRequested();
            Exception interrupted;
            try
            {
                var created = await target.Post(cancellationToken).ConfigureAwait(false);
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
            var found = await FindCommittedAsync(target, name, notOurs, reason, interrupted).ConfigureAwait(false);
            if (found is not null)
            {
                return cancelled
                    ? throw new UnsettledCreateException(name, found, reason, interrupted, target.Noun)
                    : new SafeCreateResult(found, Recovered: true, attempt);
            }
            if (cancelled)
            {
                // A request cut off on our side may still be processed by the service after the lookup.
                throw new UnsettledCreateException(name, null,
                    $"cancelled; no {target.Noun} with this name was found yet, but the service may still commit the request", interrupted, target.Noun);
            }
            if (attempt >= _maxAttempts)
            {
                ExceptionDispatchInfo.Throw(interrupted); // proven not committed: a clean failure
            }
            // Nothing committed: posting again cannot duplicate.
        }
    }

    /// <summary>The one new object with this name, or null when there is none. A lookup that fails leaves the
    /// create unsettled.</summary>
    private async Task<ConnectionRef?> FindCommittedAsync(CreateTarget target, string name, IReadOnlySet<string>? notOurs, string reason, Exception interrupted)
    {
        IReadOnlyList<ConnectionRef> named;
        using (var budget = new CancellationTokenSource(_lookupTimeout, _time))
        using (SettlingCalls.Begin())
        {
            try
            {
                named = await target.FindByName(name, budget.Token).ConfigureAwait(false);
            }
            // Stryker disable once Logical,Equality,Boolean : only an OutOfMemoryException differs, and no test can provoke one
            catch (Exception lookupFailure) when (lookupFailure is not OutOfMemoryException)
            {
                var why = lookupFailure is OperationCanceledException
                    ? $"the lookup by name did not finish within {_lookupTimeout.TotalSeconds:0.#} s"
                    : $"looking it up by name failed: {lookupFailure.Message}";
                throw new UnsettledCreateException(name, null, $"{reason}; {why}", new AggregateException(interrupted, lookupFailure), target.Noun);
            }
        }
        var matches = named.Where(c => notOurs is null || !notOurs.Contains(c.Id)).ToArray();
        return matches.Length switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new AmbiguousConnectionException(name, matches.Select(m => m.Id).ToArray(), target.Noun, target.PulumiType),
        };
    }
}
