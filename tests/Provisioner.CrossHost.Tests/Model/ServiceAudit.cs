using System.Text.Json;
using Provisioner.CrossHost.Tests.Hosts;
using Provisioner.Emulator.Store;

namespace Provisioner.CrossHost.Tests.Model;

/// <summary>
/// What must hold on a host's service after every step. Reads the emulator's store (unmasked params, so secrets are
/// compared too) and its request journal. Each check returns the problems it found, worded for the failure report.
/// </summary>
public static class ServiceAudit
{
    /// <summary>The service holds exactly the desired connections — names, description, spec, auth type, every param
    /// with its JSON type — once each, and the host's recorded state knows each of them and nothing else.</summary>
    public static IEnumerable<string> Compare(DesiredSet desired, IReadOnlyList<StoredConnection> stored, IReadOnlyDictionary<string, string> recorded)
    {
        foreach (var duplicate in stored.GroupBy(s => s.Name).Where(g => g.Count() > 1))
        {
            yield return $"duplicate name: '{duplicate.Key}' is stored {duplicate.Count()} times ({string.Join(", ", duplicate.Select(s => s.Id))})";
        }
        var byName = stored.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var desiredNames = desired.Connections.Values.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in stored.Where(s => !desiredNames.Contains(s.Name)))
        {
            yield return $"not desired: '{extra.Name}' ({extra.Id}) is on the service";
        }
        var recordedIds = recorded.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in stored.Where(s => !recordedIds.Contains(s.Id)))
        {
            yield return $"orphan: '{orphan.Name}' ({orphan.Id}) is on the service but not in the recorded state";
        }
        foreach (var key in recorded.Keys.Where(k => !desired.Connections.ContainsKey(k)))
        {
            yield return $"recorded key {key} ({recorded[key]}) is not desired";
        }
        foreach (var c in desired.Connections.Values)
        {
            if (!byName.TryGetValue(c.Name, out var live))
            {
                yield return $"{c.Key}: '{c.Name}' is not on the service";
                continue;
            }
            if (!recorded.TryGetValue(c.Key, out var id) || id != live.Id)
            {
                yield return $"{c.Key}: recorded id {id ?? "(none)"}, but '{c.Name}' is {live.Id}";
            }
            foreach (var difference in Differences(c, live))
            {
                yield return $"{c.Key}: {difference}";
            }
        }
    }

    private static IEnumerable<string> Differences(ModelConnection c, StoredConnection live)
    {
        if ((c.Description ?? "") != (live.Description ?? ""))
        {
            yield return $"description '{live.Description}', desired '{c.Description}'";
        }
        if (live.SpecId != c.Profile.SpecId)
        {
            yield return $"connection spec {live.SpecId}, desired {c.Profile.SpecId} ({c.Profile.Alias})";
        }
        if (live.AuthSpecName != c.Profile.AuthSpecName)
        {
            yield return $"auth type '{live.AuthSpecName}', desired '{c.Profile.AuthSpecName}'";
        }
        foreach (var param in c.Params.Keys.Union(live.AuthParams.Keys).Order(StringComparer.Ordinal))
        {
            var want = c.Params.TryGetValue(param, out var w) ? Canonical(w) : null;
            var have = live.AuthParams.TryGetValue(param, out var h) ? h.GetRawText() : null;
            if (want != have)
            {
                // Secret values are fake test data: printing them makes the report replayable.
                yield return $"auth.params.{param} is {have ?? "(absent)"}, desired {want ?? "(absent)"}";
            }
        }
    }

    /// <summary>A connection as stored, in one line (without ids and etags): what the three services must share.</summary>
    public static string Describe(StoredConnection s) =>
        $"'{s.Name}' '{s.Description}' {s.SpecId}@{s.SpecVersion} '{s.AuthSpecName}' "
        + string.Join(" ", s.AuthParams.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.GetRawText()}"));

    /// <summary>The writes a plan announces: POST per create, PATCH of the recorded id per update, DELETE of it per
    /// delete, both per replacement. Sorted, with ids, so they compare with <see cref="Writes"/>.</summary>
    public static IReadOnlyList<string> ExpectedWrites(IReadOnlyDictionary<string, KeyAction> plan, IReadOnlyDictionary<string, string> recorded)
    {
        string Id(string key) => recorded.TryGetValue(key, out var id) ? id : $"(no recorded id for {key})";
        return plan.SelectMany(p => p.Value switch
        {
            KeyAction.Create => new[] { "POST" },
            KeyAction.Update => [$"PATCH {Id(p.Key)}"],
            KeyAction.Replace => [$"DELETE {Id(p.Key)}", "POST"],
            KeyAction.Delete => [$"DELETE {Id(p.Key)}"],
            _ => throw new ArgumentOutOfRangeException(nameof(plan), p.Value, "not an action of the model"),
        }).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The base-connection writes the service processed (a request answered by an injected fault never
    /// reached it); pipeline objects are checked by their end state (<see cref="PipelineAudit"/>).</summary>
    public static IReadOnlyList<string> Writes(RequestJournal journal) =>
        journal.Writes.Where(w => w.Fault is null && w.Path.Contains("/connections", StringComparison.Ordinal))
            .Select(w => w.Method == "POST" ? "POST" : $"{w.Method} {w.Path[(w.Path.LastIndexOf('/') + 1)..]}")
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every write the service processed, of any kind: what a preview or refresh must not make.</summary>
    public static IReadOnlyList<string> AnyWrites(RequestJournal journal) =>
        journal.Writes.Where(w => w.Fault is null).Select(w => $"{w.Method} {w.Path}").ToArray();

    private static string Canonical(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
