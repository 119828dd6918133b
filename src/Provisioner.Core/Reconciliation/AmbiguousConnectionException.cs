namespace Provisioner.Core.Reconciliation;

/// <summary>Two or more objects of one kind on the service carry the name a definition asks for. Names are not
/// unique on the service, so the provisioner never guesses which one is meant. <see cref="Noun"/> and
/// <see cref="PulumiType"/> name the kind (a base connection unless said otherwise).</summary>
public sealed class AmbiguousConnectionException(string name, IReadOnlyList<string> ids, string noun = ReconcileMessages.BaseConnectionNoun,
    string pulumiType = ReconcileMessages.BaseConnectionType)
    : Exception(ReconcileMessages.Ambiguous(noun, name, ids))
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Ids { get; } = ids;
    public string Noun { get; } = noun;
    public string PulumiType { get; } = pulumiType;
}
