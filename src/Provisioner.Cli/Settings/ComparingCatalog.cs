using System.Collections.Concurrent;
using Provisioner.FlowService.Models;

namespace Provisioner.Cli.Settings;

/// <summary>The service's specs (the truth plan and apply follow), saying once per spec where they differ from the
/// embedded catalog that <c>validate</c> checks against (Core's <see cref="ConnectionSpecDifferences"/> decides what differs).</summary>
internal sealed class ComparingCatalog(IConnectionSpecCatalog service, IConnectionSpecCatalog embedded, TextWriter notes) : IConnectionSpecCatalog
{
    private readonly ConcurrentDictionary<string, bool> _noted = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> SourceAliases => service.SourceAliases;

    public string? ResolveSourceAlias(string alias) => service.ResolveSourceAlias(alias);

    public async Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default)
    {
        var live = await service.GetConnectionSpecAsync(id, cancellationToken).ConfigureAwait(false);
        if (live is not null && _noted.TryAdd(id, true) && await embedded.GetConnectionSpecAsync(id, cancellationToken).ConfigureAwait(false) is { } known
            && ConnectionSpecDifferences.Between(live, known) is { Count: > 0 } differences)
        {
            lock (notes)
            {
                notes.WriteLine($"note: the service's connection spec {live.Name} ({live.Id}) differs from the embedded catalog `validate` uses — "
                    + string.Join("; ", differences) + ". plan and apply follow the service.");
            }
        }
        return live;
    }
}
