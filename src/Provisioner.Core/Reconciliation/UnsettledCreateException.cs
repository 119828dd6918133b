using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// A create was interrupted after its POST was sent (cancelled, or a failure whose follow-up name lookup failed), so
/// the creator could not settle it as "created" or "not created" the normal way. <see cref="Committed"/> is the
/// connection the POST committed when the lookup found exactly one new one: the caller must record it, or it leaks.
/// When null the outcome is unknown: the connection may exist, and a host must report "state unknown", never a clean
/// failure or a plain cancellation.
/// </summary>
public sealed class UnsettledCreateException(string name, ConnectionRef? committed, string reason, Exception cause)
    : Exception(Describe(name, committed, reason), cause)
{
    public string Name { get; } = name;
    public ConnectionRef? Committed { get; } = committed;

    private static string Describe(string name, ConnectionRef? committed, string reason) => committed is null
        ? $"creating connection '{name}' was interrupted after the request was sent ({reason}); the connection may exist on the service: "
            + "look for a connection with this name and record (import) or delete it before creating it again"
        : $"creating connection '{name}' was interrupted after the request was sent ({reason}), but the service had committed it: connection {committed.Id} was found by name";
}
