namespace Provisioner.Core.Definitions;

/// <summary>Specs read from the live service (<c>GET /connectionSpecs/{id}</c>, cached by the client); aliases
/// come from a table the host supplies, because the service has no notion of them.</summary>
public sealed class FlowServiceConnectionSpecCatalog(IFlowServiceClient client, IReadOnlyDictionary<string, string> aliases) : IConnectionSpecCatalog
{
    public IReadOnlyCollection<string> SourceAliases => aliases.Keys.ToArray();

    public string? ResolveSourceAlias(string alias) => aliases.GetValueOrDefault(alias);

    public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default) =>
        client.GetConnectionSpecAsync(id, cancellationToken);
}
