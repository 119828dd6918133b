namespace Provisioner.FlowService;

/// <summary>
/// Which names can share one <c>property=name==a,b,c</c> ("any of") filter (reference §1.5). A comma separates
/// values, a double quote starts a quoted value, and unquoted values may be trimmed by the service — a name with
/// any of these cannot be sent in a list without changing its meaning, so it is looked up on its own.
/// </summary>
public static class ConnectionNameFilter
{
    /// <summary>Names per list request: bounds the URL length (names are percent-encoded in the query).</summary>
    public const int MaxNamesPerRequest = 20;

    /// <summary>Whether <paramref name="name"/> survives as one value of a comma-separated filter list.</summary>
    public static bool CanShareRequest(string name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.AsSpan().IndexOfAny(',', '"') < 0
        && name.Length == name.AsSpan().Trim().Length;
}
