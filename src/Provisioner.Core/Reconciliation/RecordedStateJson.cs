using Provisioner.Core.Connections;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// Recorded state as plain JSON, for hosts that persist it themselves (the CLI's state file; a Pulumi resource's
/// outputs). The format is <c>{ key: { id, etag, secretParams: [...], inputs: { name, description, kind, connectionSpec,
/// auth: { specName, params } } } }</c>; secret params hold whatever the host's <see cref="SecretValueRecorder"/> gave.
/// <c>auth</c> is absent for a spec that takes none; <c>kind</c> (source/destination) is absent in state written
/// before destinations existed, which were all sources.
/// </summary>
public static class RecordedStateJson
{
    public static JsonObject ToJson(RecordedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new JsonObject();
        foreach (var (key, record) in state.Connections)
        {
            var inputs = new JsonObject
            {
                ["name"] = record.Inputs.Name,
                ["description"] = record.Inputs.Description,
                ["kind"] = record.Inputs.Kind.ToWord(),
                ["connectionSpec"] = new JsonObject { ["id"] = record.Inputs.ConnectionSpec.Id, ["version"] = record.Inputs.ConnectionSpec.Version },
            };
            if (record.Inputs.AuthSpecName is not null)
            {
                inputs["auth"] = new JsonObject { ["specName"] = record.Inputs.AuthSpecName, ["params"] = record.Inputs.Params.DeepClone() };
            }
            result[key] = new JsonObject
            {
                ["id"] = record.Id,
                ["etag"] = record.Etag,
                ["secretParams"] = new JsonArray(record.SecretParams.Order(StringComparer.Ordinal).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                ["inputs"] = inputs,
            };
        }
        return result;
    }

    /// <exception cref="FormatException">The JSON is not recorded state; the message says which key and field.</exception>
    public static RecordedState FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var entries = new List<KeyValuePair<string, RecordedConnection>>();
        foreach (var (key, node) in json)
        {
            try
            {
                var inputs = Required<JsonObject>(node, "inputs");
                var spec = Required<JsonObject>(inputs, "connectionSpec");
                var auth = inputs["auth"] is null ? null : Required<JsonObject>(inputs, "auth");
                var desired = new DesiredConnection(
                    Required<string>(inputs, "name"),
                    inputs["description"] is null ? null : Required<string>(inputs, "description"),
                    new ConnectionSpecRef(Required<string>(spec, "id"), Required<string>(spec, "version")),
                    auth is null ? null : Required<string>(auth, "specName"),
                    auth is null ? [] : (JsonObject)Required<JsonObject>(auth, "params").DeepClone())
                {
                    Kind = inputs["kind"] is null ? ConnectionKind.Source : ConnectionKinds.Parse(Required<string>(inputs, "kind")),
                };
                var secrets = (node?["secretParams"] as JsonArray ?? [])
                    .Select(p => p is JsonValue v && v.TryGetValue<string>(out var name) ? name : throw new FormatException("'secretParams' must hold strings"))
                    .ToHashSet(StringComparer.Ordinal);
                entries.Add(KeyValuePair.Create(key, new RecordedConnection(Required<string>(node, "id"), Required<string>(node, "etag"), desired, secrets)));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
            {
                throw new FormatException($"recorded state of '{key}' is not readable: {e.Message}", e);
            }
        }
        return RecordedState.From(entries);
    }

    private static T Required<T>(JsonNode? parent, string name) where T : notnull => JsonFields.Required<T>(parent, name);
}
