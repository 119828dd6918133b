using System.Collections.Concurrent;

namespace Provisioner.FlowService.Catalog;

/// <summary>
/// The connection specs one client has read. Specs are static catalogue data, so each is fetched once and kept for
/// the client's lifetime; a spec the service does not know is not kept (it may be published later).
/// </summary>
internal sealed class ConnectionSpecCatalog
{
    private readonly ConcurrentDictionary<string, ConnectionSpec> _specs = new(StringComparer.Ordinal);

    public async Task<ConnectionSpec?> GetAsync(string id, Func<string, CancellationToken, Task<ConnectionSpec?>> fetch, CancellationToken cancellationToken)
    {
        if (_specs.TryGetValue(id, out var cached))
        {
            return cached;
        }

        var spec = await fetch(id, cancellationToken).ConfigureAwait(false);
        // Two racing first calls both fetch, and either result may win: they are the same document.
        return spec is null ? null : _specs.GetOrAdd(id, spec);
    }
}
