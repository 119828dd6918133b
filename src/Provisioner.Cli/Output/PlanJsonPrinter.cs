using System.Text.Json.Nodes;
using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Output;

/// <summary>
/// <c>plan --json</c>: the whole plan for scripts (a CI gate, a review bot) —
/// <c>{ hasChanges, summary: { create, adopt, update, replace, delete, forget, enable, disable, errors },
/// changes: [ { section, key, ref, action, stateAction, id, name, changedPaths, reason, error } ],
/// waves: [ { phase, level, steps: [ { ref, step } ] } ] }</c>. Every object is listed, unchanged ones with action
/// <c>noop</c>, in the text plan's order. Paths only, never a param value.
/// </summary>
internal static class PlanJsonPrinter
{
    public static void Print(PlanView view, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(view);
        var summary = new JsonObject();
        foreach (var action in Enum.GetValues<ConnectionAction>().Where(a => a != ConnectionAction.NoOp))
        {
            summary[Word(action)] = view.Count(action);
        }
        foreach (var action in Enum.GetValues<FlowStateAction>())
        {
            summary[Word(action)] = view.Count(action);
        }
        summary["errors"] = view.Errors.Count();

        var json = new JsonObject
        {
            ["hasChanges"] = view.HasChanges,
            ["summary"] = summary,
            ["changes"] = new JsonArray([.. view.Rows.Select(Change)]),
            ["waves"] = new JsonArray([.. view.Waves.Select(w => (JsonNode)new JsonObject
            {
                ["phase"] = Word(w.Phase),
                ["level"] = w.Level,
                ["steps"] = new JsonArray([.. w.Steps.Select(s => (JsonNode)new JsonObject { ["ref"] = s.Ref.ToString(), ["step"] = Word(s.Kind) })]),
            })]),
        };
        output.WriteLine(json.ToJsonString(JsonOutput.Indented));
    }

    private static JsonObject Change(PlanRow row) => new()
    {
        ["section"] = row.Section,
        ["key"] = row.Ref.Key,
        ["ref"] = row.Ref.ToString(),
        ["action"] = Word(row.Action),
        ["stateAction"] = row.StateAction is { } state ? Word(state) : null,
        ["id"] = row.Id,
        ["name"] = row.Name,
        ["changedPaths"] = new JsonArray([.. row.ChangedPaths.Select(p => (JsonNode)JsonValue.Create(p))]),
        ["reason"] = row.Reason,
        ["error"] = row.Error,
    };

    /// <summary><c>NoOp</c> → <c>noop</c>, <c>CreateReplacement</c> → <c>createReplacement</c>: enum names as JSON words.</summary>
    private static string Word<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return name == nameof(ConnectionAction.NoOp) ? "noop" : char.ToLowerInvariant(name[0]) + name[1..];
    }
}
