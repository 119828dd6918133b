using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Reconciliation;

namespace Provisioner.Cli.State;

/// <summary>What the CLI remembers for one target: recorded connections plus the key of its secret fingerprints.</summary>
internal sealed record StateFile(string Target, byte[] FingerprintKey, RecordedState Recorded)
{
    public SecretValueRecorder SecretRecorder => SecretValueRecorder.Fingerprint(FingerprintKey);
}

/// <summary>
/// One JSON state file per stack/target under <c>.aep-provision/state/</c>. Holds ids, etags, last-applied inputs
/// and, for secret params, only HMAC fingerprints (never a value). Writes go to a temporary file that is flushed
/// and then renamed over the old one, so a crash leaves either the old or the new state, never half of one.
/// </summary>
internal static class StateStore
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Format = "aep-provision-state/1";

    public static string PathFor(string toolDirectory, string stateName) => Path.Combine(toolDirectory, "state", stateName + ".json");

    /// <summary>Reads the state, or a new empty one (with a fresh fingerprint key) when there is none.</summary>
    /// <param name="target">The target the state must belong to; <c>null</c> accepts any (read-only use).</param>
    /// <exception cref="CliException">The file is unreadable or belongs to another target.</exception>
    public static StateFile Load(string path, string? target)
    {
        if (!File.Exists(path))
        {
            return new StateFile(target ?? "", RandomNumberGenerator.GetBytes(32), RecordedState.Empty);
        }
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object");
            if (json["format"]?.GetValue<string>() != Format)
            {
                throw new FormatException($"unknown format (expected \"{Format}\")");
            }
            var recordedTarget = json["target"]?.GetValue<string>() ?? throw new FormatException("missing 'target'");
            if (target is not null && !string.Equals(recordedTarget, target, StringComparison.Ordinal))
            {
                throw new CliException($"{path}: this state belongs to {recordedTarget}, not to {target}; "
                    + "use the matching --stack/--local, or move the file away to start over");
            }
            var key = Convert.FromBase64String(json["fingerprintKey"]?.GetValue<string>() ?? throw new FormatException("missing 'fingerprintKey'"));
            var connections = json["connections"] as JsonObject ?? throw new FormatException("missing 'connections'");
            return new StateFile(recordedTarget, key, RecordedStateJson.FromJson(connections));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new CliException($"{path}: state file is not readable: {e.Message}");
        }
    }

    public static void Save(string path, StateFile state)
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["target"] = state.Target,
            ["fingerprintKey"] = Convert.ToBase64String(state.FingerprintKey),
            ["connections"] = RecordedStateJson.ToJson(state.Recorded),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, json, Indented);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // no-op after a successful move
        }
    }
}
