namespace Provisioner.Core.Definitions;

/// <summary>
/// Where the service's connection spec and a reference copy (the embedded catalog offline validation uses) disagree on
/// what matters to a definition: auth spec names, required params and secret params. The service's copy is the truth
/// plan and apply follow; a host says once that the two differ, so "validate passed but plan failed" (or the reverse)
/// is explained rather than surprising.
/// </summary>
public static class ConnectionSpecDifferences
{
    /// <summary>One phrase per difference; empty when they agree.</summary>
    public static IReadOnlyList<string> Between(ConnectionSpec service, ConnectionSpec reference)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(reference);
        var differences = new List<string>();
        foreach (var auth in reference.AuthSpecs.Where(a => service.FindAuthSpec(a.Name) is null))
        {
            differences.Add($"auth spec '{auth.Name}' is not offered by the service");
        }
        foreach (var live in service.AuthSpecs)
        {
            if (reference.FindAuthSpec(live.Name) is not { } known)
            {
                differences.Add($"auth spec '{live.Name}' is offered only by the service");
                continue;
            }
            Compare(differences, live.Name, "required params", live.RequiredParams, known.RequiredParams);
            Compare(differences, live.Name, "secret params", live.SecretParams, known.SecretParams);
        }
        return differences;
    }

    private static void Compare(List<string> differences, string authName, string what, IReadOnlyList<string> service, IReadOnlyList<string> reference)
    {
        var liveSet = service.ToHashSet(StringComparer.Ordinal);
        if (liveSet.SetEquals(reference))
        {
            return;
        }
        static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : "none";
        differences.Add($"auth spec '{authName}' {what}: service {List(service)}; embedded {List(reference)}");
    }
}
