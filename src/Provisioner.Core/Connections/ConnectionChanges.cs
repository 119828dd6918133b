namespace Provisioner.Core.Connections;

/// <summary>The difference between a recorded and a desired connection, in the service's terms.</summary>
/// <param name="ChangedPaths">Input paths that differ, dotted (<c>name</c>, <c>auth.params.password</c>, <c>connectionSpec.id</c>).</param>
/// <param name="ReplacePaths">The subset of <paramref name="ChangedPaths"/> the API cannot patch.</param>
/// <param name="Patch">The minimal JSON Patch for an in-place update; empty when a replace is needed.</param>
public sealed record ConnectionChanges(
    IReadOnlyList<string> ChangedPaths,
    IReadOnlyList<string> ReplacePaths,
    IReadOnlyList<JsonPatchOperation> Patch)
{
    public static readonly ConnectionChanges None = new([], [], []);

    public bool HasChanges => ChangedPaths.Count > 0;
    public bool RequiresReplace => ReplacePaths.Count > 0;
}
