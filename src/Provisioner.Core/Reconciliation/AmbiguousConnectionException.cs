namespace Provisioner.Core.Reconciliation;

/// <summary>Two or more connections on the service carry the name a definition asks for. Names are not unique on
/// the service, so the provisioner never guesses which one is meant.</summary>
public sealed class AmbiguousConnectionException(string name, IReadOnlyList<string> ids)
    : Exception(ReconcileMessages.Ambiguous(ReconcileMessages.BaseConnectionNoun, name, ids))
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Ids { get; } = ids;
}
