using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.Cli.State;

/// <summary>What the CLI remembers for one target: recorded connections and pipeline objects plus the id of its fingerprint key.</summary>
/// <param name="KeyLost">The state names a key this user does not have: its fingerprints cannot be compared, so
/// every secret param counts as changed (apply re-sends it once, then records fingerprints under the new key).</param>
internal sealed record StateFile(string Target, string KeyId, byte[] FingerprintKey, RecordedState Recorded, bool KeyLost = false)
{
    /// <summary>The file on disk still holds its key inline (format 1): save it even when nothing changed.</summary>
    public bool HasInlineKey { get; init; }

    public SecretValueRecorder SecretRecorder => SecretValueRecorder.Fingerprint(FingerprintKey);

    public static StateFile New(string target, RecordedState recorded, bool keyLost = false) =>
        new(target, FingerprintKeyStore.NewKeyId(), FingerprintKeyStore.NewKey(), recorded, keyLost);
}

/// <summary>
/// One JSON state file per stack/target under <c>.aep-provision/state/</c>, owner-only (0600). Holds ids, etags,
/// last-applied inputs and, for secret params, only HMAC fingerprints (never a value). The HMAC key is not in it
/// (see <see cref="FingerprintKeyStore"/>): the file alone does not let anyone test password guesses.
/// </summary>
internal static class StateStore
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Format = "aep-provision-state/2";

    // Format 1 kept the key inline; it is still read, and the next save moves the key out.
    private const string FormatWithInlineKey = "aep-provision-state/1";

    public static string PathFor(string toolDirectory, string stateName) => Path.Combine(toolDirectory, "state", stateName + ".json");

    /// <summary>Reads the state, or a new empty one (with a fresh fingerprint key) when there is none.</summary>
    /// <param name="target">The target the state must belong to; <c>null</c> accepts any (read-only use).</param>
    /// <exception cref="CliException">The file is unreadable or belongs to another target.</exception>
    /// <param name="displayPath">How errors name the file (relative to the working folder); default <paramref name="path"/>.</param>
    public static StateFile Load(string path, string? target, FingerprintKeyStore keys, string? displayPath = null)
    {
        displayPath ??= path;
        if (!File.Exists(path))
        {
            return StateFile.New(target ?? "", RecordedState.Empty);
        }
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object");
            var format = Text(json, "format");
            if (format is not (Format or FormatWithInlineKey))
            {
                throw new FormatException($"unknown format (expected \"{Format}\")");
            }
            var recordedTarget = Text(json, "target") ?? throw new FormatException("missing 'target'");
            if (target is not null && !string.Equals(recordedTarget, target, StringComparison.Ordinal))
            {
                throw new CliException($"{displayPath}: this state belongs to {recordedTarget}, not to {target}; "
                    + "use the matching --stack/--local, or move the file away to start over");
            }
            var connections = json["connections"] as JsonObject ?? throw new FormatException("missing 'connections'");
            // Absent in files written before pipelines existed (and when none is recorded): no pipeline.
            var recorded = json["pipeline"] switch
            {
                null => RecordedStateJson.FromJson(connections),
                JsonObject pipeline => RecordedPipelineJson.ReadInto(RecordedStateJson.FromJson(connections), pipeline),
                _ => throw new FormatException("'pipeline' must be an object"),
            };
            if (RecordedStateValidator.Validate(recorded) is { Count: > 0 } problems)
            {
                throw new CliException(string.Join(Environment.NewLine, problems.Select(p => $"{displayPath}: {p}"))
                    + Environment.NewLine + $"{displayPath}: the state was not used and is unchanged; fix it by hand, or move it away (the next apply then finds existing connections by name and adopts them)");
            }
            if (format == FormatWithInlineKey)
            {
                var inline = Convert.FromBase64String(Text(json, "fingerprintKey") ?? throw new FormatException("missing 'fingerprintKey'"));
                return new StateFile(recordedTarget, FingerprintKeyStore.NewKeyId(), inline, recorded) { HasInlineKey = true };
            }
            var keyId = Text(json, "fingerprintKeyId") ?? throw new FormatException("missing 'fingerprintKeyId'");
            return keys.TryLoad(keyId) is { } key
                ? new StateFile(recordedTarget, keyId, key, recorded)
                : StateFile.New(recordedTarget, recorded, keyLost: true);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new CliException($"{displayPath}: state file is not readable: {e.Message}");
        }
    }

    // A hand-edited field of the wrong type is a located format error, not .NET's conversion message.
    private static string? Text(JsonObject json, string name) => json[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new FormatException($"'{name}' must be a string"),
    };

    /// <summary>Saves the key (if new) first, then the state, so a saved state never names a key that was not written.</summary>
    public static void Save(string path, StateFile state, FingerprintKeyStore keys)
    {
        keys.Save(state.KeyId, state.FingerprintKey);
        var json = new JsonObject
        {
            ["format"] = Format,
            ["target"] = state.Target,
            ["fingerprintKeyId"] = state.KeyId,
            ["connections"] = RecordedStateJson.ToJson(state.Recorded),
        };
        if (!state.Recorded.HasNoPipeline)
        {
            // Only when there is one, so a file of base connections only stays as it always was.
            json["pipeline"] = RecordedPipelineJson.ToJson(state.Recorded);
        }
        PrivateFile.WriteAtomically(path, stream => JsonSerializer.Serialize(stream, json, Indented));
    }
}
