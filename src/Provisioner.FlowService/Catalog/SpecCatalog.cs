using System.Collections.Concurrent;

namespace Provisioner.FlowService.Catalog;

/// <summary>
/// The specs (connection specs, flow specs) one client has read, by a key (an id, or a name). Specs are static
/// catalogue data, so each is fetched once and kept for the client's lifetime; a spec the service does not know is not
/// kept (it may be published later).
/// </summary>
internal sealed class SpecCatalog<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _specs = new(StringComparer.Ordinal);

    public async Task<T?> GetAsync(string key, Func<string, CancellationToken, Task<T?>> fetch, CancellationToken cancellationToken)
    {
        if (_specs.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var spec = await fetch(key, cancellationToken).ConfigureAwait(false);
        // Two racing first calls both fetch, and either result may win: they are the same document.
        return spec is null ? null : _specs.GetOrAdd(key, spec);
    }
}
