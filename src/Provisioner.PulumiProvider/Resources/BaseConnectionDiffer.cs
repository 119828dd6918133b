using Provisioner.Core.Connections;
using Provisioner.PulumiProvider.Protocol;
using P = Provisioner.PulumiProvider.Resources.BaseConnectionProperties;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// Diff for BaseConnection: old INPUTS against new inputs through Core's one-key plan (<see cref="OneConnection.Decide"/>), never
/// state against inputs — the service masks secret params and adds server fields, which would otherwise show as a
/// change on every run.
/// </summary>
public static class BaseConnectionDiffer
{
    private const string DiffKey = "connection";

    public static DiffResult Diff(PropertyMap oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges)
    {
        news = ApplyIgnoreChanges(oldInputs, news, ignoreChanges);

        // A wholly unknown params map (preview) is one change of the whole map; compare the rest without it.
        var paramsUnknown = PropertyPath.Get(news, [P.Auth, P.AuthParams]) is { IsComputed: true };
        if (paramsUnknown)
        {
            news = PropertyPath.Set(news, [P.Auth, P.AuthParams], PropertyPath.Get(oldInputs, [P.Auth, P.AuthParams]) ?? PropertyValue.Of(PropertyMap.Empty));
        }

        ConnectionChanges changes;
        try
        {
            // Core's planner decides, as it does when Update applies: the same one-key plan.
            var recorded = OneConnection.Entry(DiffKey, BaseConnectionInputs.ToDesired(oldInputs));
            var desired = OneConnection.Entry(DiffKey, BaseConnectionInputs.ToDesired(news, PropertyValueCodec.UnknownSentinel));
            changes = OneConnection.Decide(desired, OneConnection.Recorded("", "", recorded)) switch
            {
                Core.Reconciliation.PlannedChange.Update update => update.Changes,
                Core.Reconciliation.PlannedChange.Replace replace => replace.Changes,
                _ => ConnectionChanges.None,
            };
        }
        catch (ProviderException)
        {
            // Old inputs this provider cannot read (hand-edited state): let the engine compare.
            return DiffResult.CannotTell;
        }

        var detailed = new Dictionary<string, DiffKind>(StringComparer.Ordinal);
        foreach (var path in changes.ChangedPaths)
        {
            var replace = changes.ReplacePaths.Contains(path);
            var (pulumiPath, had, has) = Locate(path, oldInputs, news);
            detailed[pulumiPath] = DiffResult.Kind(had, has, replace);
        }
        if (paramsUnknown)
        {
            detailed[PropertyPath.Format([P.Auth, P.AuthParams])] = DiffKind.Update;
        }
        return new DiffResult(detailed);
    }

    /// <summary>Puts the old value back at every ignored path (or removes the new one when there was none).</summary>
    public static PropertyMap ApplyIgnoreChanges(PropertyMap oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges)
    {
        foreach (var path in ignoreChanges)
        {
            if (PropertyPath.Parse(path) is { } keys)
            {
                news = PropertyPath.Set(news, keys, PropertyPath.Get(oldInputs, keys));
            }
        }
        return news;
    }

    // ConnectionDiff names params as "auth.params.<key>" with the raw key; Pulumi paths quote odd keys.
    private static (string Path, bool Had, bool Has) Locate(string diffPath, PropertyMap oldInputs, PropertyMap news)
    {
        const string paramsPrefix = P.Auth + "." + P.AuthParams + ".";
        IReadOnlyList<string> keys = diffPath.StartsWith(paramsPrefix, StringComparison.Ordinal)
            ? [P.Auth, P.AuthParams, diffPath[paramsPrefix.Length..]]
            : diffPath.Split('.');
        return (PropertyPath.Format(keys), IsSet(oldInputs, keys), IsSet(news, keys));
    }

    // An unknown container (preview) may well hold the key: count it as set, so the change is an update.
    internal static bool IsSet(PropertyMap map, IReadOnlyList<string> keys)
    {
        for (var depth = 1; depth <= keys.Count; depth++)
        {
            var value = PropertyPath.Get(map, keys.Take(depth).ToArray());
            if (value is null || value.IsNull)
            {
                return false;
            }
            if (value.IsComputed)
            {
                return true;
            }
        }
        return PropertyPath.Get(map, keys)!.AsString() is not "";
    }
}
