using Provisioner.Core.Definitions;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>The set resource's source aliases: Core's <see cref="SourceCatalog"/>, the same table the CLI uses.</summary>
public static class SourceAliases
{
    public static IReadOnlyDictionary<string, string> Table => SourceCatalog.Aliases;
}
