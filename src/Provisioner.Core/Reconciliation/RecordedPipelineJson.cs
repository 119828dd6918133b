using System.Collections.Immutable;
using Provisioner.Core.Definitions;
using Provisioner.Core.Pipeline;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// The pipeline part of recorded state as plain JSON, stored by hosts beside <see cref="RecordedStateJson"/> (the
/// CLI's state file: field <c>pipeline</c>; the set resource: inside its state). The format is
/// <c>{ "sourceConnections": { key: { id, etag, inputs: { body, references: { field: ["connections.x", …] }, enabled } } },
/// "targetConnections": …, "dataflows": … }</c>; a section with no objects is left out, and a missing section is empty,
/// so state written before pipelines existed reads as no pipeline. Pipeline objects hold no secrets.
/// Old halves of replacements not deleted yet (<see cref="RecordedState.Superseded"/>) are the list
/// <c>superseded: [{ of: "connections.mixpanel", id, usedBy: ["sourceConnections.events", …] }]</c>, left out when empty.
/// </summary>
public static class RecordedPipelineJson
{
    public static JsonObject ToJson(RecordedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new JsonObject();
        foreach (var record in state.Pipeline.Values)
        {
            var section = PipelineKindInfo.Of(record.Kind).Section;
            var entries = result[section] as JsonObject ?? (JsonObject)(result[section] = new JsonObject());
            var references = new JsonObject();
            foreach (var (field, refs) in record.Inputs.References.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                references[field] = new JsonArray([.. refs.Select(r => (JsonNode)JsonValue.Create(r.ToString()))]);
            }
            var inputs = new JsonObject { ["body"] = record.Inputs.Body.DeepClone(), ["references"] = references };
            if (record.Inputs.Enabled is { } enabled)
            {
                inputs["enabled"] = enabled;
            }
            entries[record.Key] = new JsonObject { ["id"] = record.Id, ["etag"] = record.Etag, ["inputs"] = inputs };
        }
        if (!state.Superseded.IsEmpty)
        {
            result[SupersededSection] = new JsonArray([.. state.Superseded.Select(old => (JsonNode)new JsonObject
            {
                ["of"] = old.Of.ToString(),
                ["id"] = old.Id,
                ["usedBy"] = new JsonArray([.. old.UsedBy.Select(u => (JsonNode)JsonValue.Create(u.ToString()))]),
            })]);
        }
        return result;
    }

    /// <summary>The field of the old halves of replacements; not a kind of object.</summary>
    private const string SupersededSection = "superseded";

    /// <summary><paramref name="state"/> with the pipeline objects and the old halves <paramref name="json"/> records.</summary>
    /// <exception cref="FormatException">As <see cref="FromJson"/>.</exception>
    public static RecordedState ReadInto(RecordedState state, JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state with { Pipeline = FromJson(json), Superseded = SupersededFromJson(json) };
    }

    /// <exception cref="FormatException">The <c>superseded</c> list is not readable; the message says which entry and field.</exception>
    public static ImmutableList<SupersededObject> SupersededFromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json[SupersededSection] is null)
        {
            return [];
        }
        var entries = json[SupersededSection] as JsonArray ?? throw new FormatException($"recorded pipeline state '{SupersededSection}' must be a list");
        return [.. entries.Select((entry, i) =>
        {
            try
            {
                var usedBy = entry?["usedBy"] is null ? [] : JsonFields.Required<JsonArray>(entry, "usedBy")
                    .Select(u => ParseRef(u is JsonValue v && v.TryGetValue<string>(out var text) ? text : null, "usedBy")).ToArray();
                return new SupersededObject(ParseRef(JsonFields.Required<string>(entry, "of"), "of"), JsonFields.Required<string>(entry, "id"), usedBy);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new FormatException($"recorded state of '{SupersededSection}[{i}]' is not readable: {e.Message}", e);
            }
        })];
    }

    /// <exception cref="FormatException">The JSON is not recorded pipeline state; the message says which section, key and field.</exception>
    public static ImmutableSortedDictionary<ObjectRef, RecordedPipelineObject> FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var records = new List<RecordedPipelineObject>();
        foreach (var (section, node) in json.Where(s => s.Key != SupersededSection))
        {
            var info = PipelineKindInfo.All.FirstOrDefault(k => k.Section == section)
                ?? throw new FormatException($"recorded pipeline state has an unknown section '{section}' (expected {string.Join(", ", PipelineKindInfo.All.Select(k => k.Section))})");
            if (node is not JsonObject entries)
            {
                throw new FormatException($"recorded pipeline state '{section}' must be an object of keys");
            }
            foreach (var (key, entry) in entries)
            {
                try
                {
                    records.Add(Read(info, key, entry));
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException)
                {
                    throw new FormatException($"recorded state of '{section}.{key}' is not readable: {e.Message}", e);
                }
            }
        }
        return RecordedState.PipelineFrom(records);
    }

    private static RecordedPipelineObject Read(PipelineKindInfo info, string key, JsonNode? entry)
    {
        var inputs = JsonFields.Required<JsonObject>(entry, "inputs");
        var references = new Dictionary<string, IReadOnlyList<ObjectRef>>(StringComparer.Ordinal);
        foreach (var (field, refs) in inputs["references"] is null ? [] : JsonFields.Required<JsonObject>(inputs, "references"))
        {
            references[field] = (refs as JsonArray ?? throw new FormatException($"'references.{field}' must be a list of keys"))
                .Select(r => ParseRef(r is JsonValue v && v.TryGetValue<string>(out var text) ? text : null, field)).ToArray();
        }
        bool? enabled = inputs["enabled"] is null ? null
            : inputs["enabled"] is JsonValue flag && flag.TryGetValue<bool>(out var on) ? on : throw new FormatException("'enabled' must be true or false");
        var desired = new DesiredPipelineObject(info.Kind, key, (JsonObject)JsonFields.Required<JsonObject>(inputs, "body").DeepClone(), references, enabled,
            new SourceLocation("recorded state", 0, 0, $"{info.Section}.{key}"));
        return new RecordedPipelineObject(info.Kind, key, JsonFields.Required<string>(entry, "id"), JsonFields.Required<string>(entry, "etag"), desired);
    }

    /// <summary><c>connections.mixpanel</c> → a base connection; <c>sourceConnections.events</c> → that kind (<see cref="ObjectRef.ToString"/> read back).</summary>
    private static ObjectRef ParseRef(string? text, string field)
    {
        // Stryker disable once Unary : a null text is refused before the dot is looked at
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null || dot <= 0 || dot == text.Length - 1)
        {
            throw new FormatException($"'{PathOf(field)}' must hold keys such as \"connections.mixpanel\"");
        }
        var (section, key) = (text[..dot], text[(dot + 1)..]);
        if (section == "connections")
        {
            return ObjectRef.BaseConnection(key);
        }
        return PipelineKindInfo.All.FirstOrDefault(k => k.Section == section) is { } kind
            ? new ObjectRef(kind.Kind, key)
            : throw new FormatException($"'{PathOf(field)}' names '{text}', whose section '{section}' is not a kind of object");
    }

    /// <summary>A reference field's path as a message shows it; <c>of</c> and <c>usedBy</c> of an old half are fields of their own.</summary>
    private static string PathOf(string field) => field is "of" or "usedBy" ? field : $"references.{field}";
}
