using System.Text.Json;
using Provisioner.Core.Definitions;
using Provisioner.Emulator.Catalog;
using Provisioner.FlowService.Models;

namespace Provisioner.Cli.Settings;

/// <summary>Offline validation's catalog: the emulator's embedded specs with Core's source aliases (the ones every
/// target uses). Specs go through the same JSON shape the service serves, so validation sees exactly what a GET would
/// give. Built once, on first use (only validate and --local need it).</summary>
internal static class EmbeddedCatalog
{
    private static readonly Lazy<InMemoryConnectionSpecCatalog> Instance = new(() => new InMemoryConnectionSpecCatalog(
        ConnectionSpecCatalog.LoadEmbedded().Sources.Select(s => s.ToServiceJson().Deserialize<ConnectionSpec>()!),
        SourceCatalog.Aliases));

    public static InMemoryConnectionSpecCatalog Offline => Instance.Value;
}
