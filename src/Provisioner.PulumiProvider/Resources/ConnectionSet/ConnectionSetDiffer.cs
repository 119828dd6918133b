using Provisioner.Core.Connections;
using Provisioner.Core.Definitions;
using Provisioner.Core.Reconciliation;
using Provisioner.PulumiProvider.Protocol;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>What happens to one key of the set.</summary>
public enum KeyChange
{
    Add,
    Update,
    /// <summary>The connection spec or auth type changed: the connection is deleted and created again (new id).</summary>
    Replace,
    Remove,
}

/// <summary>
/// Diff of the set: the new definitions against the RECORDED state (not the old inputs — after a partial failure
/// the inputs already hold the new definitions while the state holds what was really done). Offline and pure.
/// <para>Paths are <c>connections["key"]</c> on the outputs (inputDiff false). A replaced connection is shown as an
/// update of <c>connections["key"].id</c>, never with a *_REPLACE kind: the engine replaces the whole resource for
/// any *_REPLACE kind in the detailed diff (reference §7.2), and replacing the set would create a second set that
/// adopts the same connections, then delete them with the old one.</para>
/// </summary>
public static class ConnectionSetDiffer
{
    public static DiffResult Diff(PropertyMap oldOutputs, PropertyMap? oldInputs, PropertyMap news, IEnumerable<string> ignoreChanges, IReadOnlyDictionary<string, string> aliases)
    {
        if (oldInputs is { Count: > 0 })
        {
            news = BaseConnectionDiffer.ApplyIgnoreChanges(oldInputs, news, ignoreChanges);
        }
        RecordedState recorded;
        try
        {
            recorded = ConnectionSetState.Recorded(oldOutputs);
        }
        catch (ProviderException)
        {
            return DiffResult.CannotTell;
        }
        var inputs = ConnectionSetInputs.Read(news);
        var detailed = new Dictionary<string, DiffKind>(StringComparer.Ordinal);

        var changes = KeyChanges(recorded, inputs, aliases);
        if (changes is null)
        {
            // Definitions not known yet (preview) or not readable: the set may change in any way.
            detailed[S.Connections] = DiffKind.Update;
        }
        else
        {
            foreach (var (key, change) in changes)
            {
                detailed[change == KeyChange.Replace ? KeyPath(key) + "." + S.Id : KeyPath(key)] = change switch
                {
                    KeyChange.Add => DiffKind.Add,
                    KeyChange.Remove => DiffKind.Delete,
                    _ => DiffKind.Update,
                };
            }
        }
        // The options change what later operations do (Delete reads retainOnRemove from the outputs): record them.
        var old = oldOutputs;
        if (!Equals(old[S.RetainOnRemove]?.Unwrapped, news[S.RetainOnRemove]?.Unwrapped))
        {
            detailed[S.RetainOnRemove] = DiffKind.Update;
        }
        if (!Equals(old[S.Parallelism]?.Unwrapped, news[S.Parallelism]?.Unwrapped))
        {
            detailed[S.Parallelism] = DiffKind.Update;
        }
        return new DiffResult(detailed, InputDiff: false);
    }

    /// <summary>Per key: what the next apply would do to it, or null when the definitions are not known/readable.
    /// Keys without a change are left out.</summary>
    public static IReadOnlyDictionary<string, KeyChange>? KeyChanges(RecordedState recorded, ConnectionSetInputs inputs, IReadOnlyDictionary<string, string> aliases)
    {
        if (inputs.Definitions is null)
        {
            return null;
        }
        var parsed = DefinitionsParser.Parse(inputs.Definitions, S.DefinitionsFile);
        if (!parsed.Succeeded)
        {
            return null;
        }
        var result = new SortedDictionary<string, KeyChange>(StringComparer.Ordinal);
        foreach (var definition in parsed.Document.Connections)
        {
            if (!recorded.Connections.TryGetValue(definition.Key, out var record))
            {
                result[definition.Key] = KeyChange.Add;
                continue;
            }
            var desired = OfflineDesired.Build(definition, record, aliases, inputs, PropertyValueCodec.UnknownSentinel);
            if (desired is null)
            {
                return null;
            }
            var diff = ConnectionDiff.Compute(record.Inputs, desired);
            if (diff.HasChanges)
            {
                result[definition.Key] = diff.RequiresReplace ? KeyChange.Replace : KeyChange.Update;
            }
        }
        var defined = parsed.Document.Connections.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in recorded.Connections.Keys.Where(k => !defined.Contains(k)))
        {
            result[key] = KeyChange.Remove;
        }
        return result;
    }

    /// <summary><c>connections["key"]</c>: always bracketed, so keys such as <c>s3-landing</c> read the same as others.</summary>
    public static string KeyPath(string key) =>
        $"{S.Connections}[\"{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
}
