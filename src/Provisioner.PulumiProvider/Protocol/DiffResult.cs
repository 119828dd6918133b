namespace Provisioner.PulumiProvider.Protocol;

/// <summary>How one property path changed (mirrors pulumirpc PropertyDiff.Kind).</summary>
public enum DiffKind
{
    Add,
    AddReplace,
    Delete,
    DeleteReplace,
    Update,
    UpdateReplace,
}

/// <summary>
/// The outcome of Diff/DiffConfig in domain terms: property path → kind. <see cref="Diffs"/> and
/// <see cref="Replaces"/> are derived from the same map, which keeps them consistent the way the protocol requires
/// (every detailed path's top-level key is in diffs and vice versa).
/// </summary>
/// <param name="InputDiff">Paths name inputs (true) or outputs (false: the engine compares old outputs with new inputs).</param>
public sealed record DiffResult(IReadOnlyDictionary<string, DiffKind> Detailed, bool Unknown = false, bool InputDiff = true)
{
    /// <summary>A replacement must delete the old resource before creating the new one (the engine's
    /// <c>deleteBeforeReplace</c>); said only when something is replaced.</summary>
    public bool DeleteBeforeReplace { get; init; }

    public static readonly DiffResult None = new(new Dictionary<string, DiffKind>());
    /// <summary>"I cannot tell": the engine compares old and new inputs itself.</summary>
    public static readonly DiffResult CannotTell = new(new Dictionary<string, DiffKind>(), Unknown: true);

    public bool HasChanges => Detailed.Count > 0;

    public IReadOnlyList<string> Diffs => TopLevel(Detailed.Keys);

    public IReadOnlyList<string> Replaces =>
        TopLevel(Detailed.Where(d => d.Value is DiffKind.AddReplace or DiffKind.DeleteReplace or DiffKind.UpdateReplace).Select(d => d.Key));

    public static DiffKind Kind(bool had, bool has, bool replace) => (had, has) switch
    {
        (false, true) => replace ? DiffKind.AddReplace : DiffKind.Add,
        (true, false) => replace ? DiffKind.DeleteReplace : DiffKind.Delete,
        _ => replace ? DiffKind.UpdateReplace : DiffKind.Update,
    };

    private static string[] TopLevel(IEnumerable<string> paths) =>
        paths.Select(p => PropertyPath.Parse(p)?[0] ?? p).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
}
