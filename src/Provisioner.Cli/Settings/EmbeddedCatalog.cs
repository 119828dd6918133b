using System.Text.Json;
using Provisioner.Core.Definitions;
using Provisioner.Emulator.Catalog;
using Provisioner.FlowService.Models;

namespace Provisioner.Cli.Settings;

/// <summary>The emulator's embedded source catalog, used for source aliases everywhere and for offline validation.
/// Specs go through the same JSON shape the service serves, so validation sees exactly what a GET would give.</summary>
internal static class EmbeddedCatalog
{
    private static readonly Lazy<InMemoryConnectionSpecCatalog> Instance = new(() =>
    {
        var catalog = ConnectionSpecCatalog.LoadEmbedded();
        return new InMemoryConnectionSpecCatalog(
            catalog.Sources.Select(s => s.ToServiceJson().Deserialize<ConnectionSpec>()!),
            Aliases(catalog));
    });

    public static InMemoryConnectionSpecCatalog Offline => Instance.Value;

    public static IReadOnlyDictionary<string, string> AliasTable => Aliases(ConnectionSpecCatalog.LoadEmbedded());

    private static Dictionary<string, string> Aliases(ConnectionSpecCatalog catalog) =>
        catalog.Sources.ToDictionary(s => s.Alias, s => s.Id, StringComparer.Ordinal);
}
