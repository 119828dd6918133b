namespace Provisioner.Core.Definitions;

/// <summary>A catalog held in memory: specs by id plus an alias table. Used for embedded catalogs and tests.</summary>
public sealed class InMemoryConnectionSpecCatalog : IConnectionSpecCatalog
{
    private readonly Dictionary<string, ConnectionSpec> _specs;
    private readonly Dictionary<string, string> _aliases;

    /// <param name="specs">Every known spec.</param>
    /// <param name="aliases">alias → spec id.</param>
    public InMemoryConnectionSpecCatalog(IEnumerable<ConnectionSpec> specs, IEnumerable<KeyValuePair<string, string>> aliases)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(aliases);
        _specs = specs.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        _aliases = new Dictionary<string, string>(aliases, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> SourceAliases => _aliases.Keys;

    public string? ResolveSourceAlias(string alias) => _aliases.GetValueOrDefault(alias);

    public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_specs.GetValueOrDefault(id));
}
