using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// A create was interrupted after its POST was sent (cancelled, or a failure whose follow-up name lookup failed), so
/// the creator could not settle it as "created" or "not created" the normal way. <see cref="Committed"/> is the
/// object the POST committed when the lookup found exactly one new one: the caller must record it, or it leaks.
/// When null the outcome is unknown: the object may exist, and a host must report "state unknown", never a clean
/// failure or a plain cancellation. <paramref name="noun"/> names the kind (a base connection unless said otherwise).
/// </summary>
public sealed class UnsettledCreateException(string name, ConnectionRef? committed, string reason, Exception cause,
    string noun = ReconcileMessages.BaseConnectionNoun)
    : Exception(Describe(name, committed, reason, noun), cause)
{
    public string Name { get; } = name;
    public ConnectionRef? Committed { get; } = committed;

    private static string Describe(string name, ConnectionRef? committed, string reason, string noun) => committed is null
        ? $"creating {noun} '{name}' was interrupted after the request was sent ({reason}); the {noun} may exist on the service: "
            + $"look for a {noun} with this name and record (import) or delete it before creating it again"
        : $"creating {noun} '{name}' was interrupted after the request was sent ({reason}), but the service had committed it: {noun} {committed.Id} was found by name";
}
