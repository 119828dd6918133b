using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// The rules recorded state must meet before anything acts on it. A hand-edited or merged state that breaks them
/// would be acted on wrongly — one id under two keys makes every apply rename that connection back and forth and
/// orphan the other; an empty etag or id fails deep inside a request — so a host refuses such a state on load and
/// says where it is wrong.
/// </summary>
public static class RecordedStateValidator
{
    /// <summary>Every problem, one line each, naming the key (<c>key 'b': id … is also recorded for key 'a'</c>);
    /// empty when the state is usable.</summary>
    public static IReadOnlyList<string> Validate(RecordedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var problems = new List<string>();
        var keyById = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // the service's ids are GUIDs: case does not tell them apart
        foreach (var (key, record) in state.Connections)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                problems.Add("a connection is recorded under an empty key");
            }
            if (string.IsNullOrWhiteSpace(record.Id))
            {
                problems.Add($"key '{key}': the recorded id is empty");
            }
            else if (keyById.TryGetValue(record.Id, out var first))
            {
                problems.Add($"key '{key}': id {record.Id} is also recorded for key '{first}'");
            }
            else
            {
                keyById[record.Id] = key;
            }
            if (string.IsNullOrWhiteSpace(record.Etag))
            {
                problems.Add($"key '{key}': the recorded etag is empty");
            }
            if (string.IsNullOrWhiteSpace(record.Inputs.Name))
            {
                problems.Add($"key '{key}': the recorded name is empty");
            }
            if (string.IsNullOrWhiteSpace(record.Inputs.ConnectionSpec.Id) || string.IsNullOrWhiteSpace(record.Inputs.ConnectionSpec.Version))
            {
                problems.Add($"key '{key}': the recorded connection spec id or version is empty");
            }
        }
        ValidatePipeline(state, problems);
        return problems;
    }

    /// <summary>The same rules for source connections, target connections and dataflows, named by their key path
    /// (<c>dataflows.ingest</c>).</summary>
    private static void ValidatePipeline(RecordedState state, List<string> problems)
    {
        var refById = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (at, record) in state.Pipeline)
        {
            if (string.IsNullOrWhiteSpace(at.Key))
            {
                problems.Add($"a {PipelineKindInfo.Of(record.Kind).Noun} is recorded under an empty key");
            }
            if (string.IsNullOrWhiteSpace(record.Id))
            {
                problems.Add($"'{at}': the recorded id is empty");
            }
            else if (refById.TryGetValue(record.Id, out var first))
            {
                problems.Add($"'{at}': id {record.Id} is also recorded for '{first}'");
            }
            else
            {
                refById[record.Id] = at.ToString();
            }
            if (string.IsNullOrWhiteSpace(record.Etag))
            {
                problems.Add($"'{at}': the recorded etag is empty");
            }
        }
        ValidateSuperseded(state, problems);
    }

    /// <summary>An old half is deleted by the next run: it must have an id, and never one a recorded object still has
    /// (that object would be deleted from under its key).</summary>
    private static void ValidateSuperseded(RecordedState state, List<string> problems)
    {
        var current = state.Connections.Values.Select(c => c.Id).Concat(state.Pipeline.Values.Select(r => r.Id)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var old in state.Superseded)
        {
            if (string.IsNullOrWhiteSpace(old.Of.Key))
            {
                problems.Add("an old object of a replacement is recorded under an empty key");
            }
            if (string.IsNullOrWhiteSpace(old.Id))
            {
                problems.Add($"old {old.Of}: the recorded id is empty");
            }
            else if (current.Contains(old.Id))
            {
                problems.Add($"old {old.Of}: id {old.Id} is recorded as replaced, but a current object has it too");
            }
            else if (!seen.Add(old.Id))
            {
                problems.Add($"old {old.Of}: id {old.Id} is recorded as replaced twice");
            }
        }
    }
}
