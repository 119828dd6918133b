using Provisioner.Core.Definitions;
using Provisioner.Core.Pipeline;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// A BaseConnectionSet manages base connections only (its state records connections; the pipeline apply in Core is
/// not wired to it yet). A definitions file that declares source connections, target connections or dataflows is
/// refused — never silently half-applied — with one message per section saying what to use instead.
/// </summary>
internal static class PipelineSectionsRefusal
{
    /// <summary>One message per non-empty pipeline section of <paramref name="resolved"/>'s definitions.</summary>
    public static IReadOnlyList<string> Of(DefinitionsResult resolved)
    {
        var pipeline = resolved.Desired?.Pipeline ?? [];
        return pipeline.GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(group =>
        {
            var info = PipelineKindInfo.Of(group.Key);
            return $"section '{info.Section}:' ({string.Join(", ", group.Select(o => o.Key))}) is not managed by {S.Type}, which manages base "
                + $"connections only: apply the pipeline with the CLI (`aep-provision apply`), or declare each {info.Noun} as a single "
                + $"{info.PulumiType} resource (ids as inputs; see docs/pulumi.md), and remove the section from the {S.Definitions}";
        }).ToArray();
    }
}
