using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisioner.Core.Reconciliation;

/// <summary>How secret param values appear in recorded state. A host that encrypts its state (Pulumi) keeps them
/// (<see cref="Clear"/>); a host that writes plain files (the CLI) keeps only a keyed fingerprint — enough to tell
/// "changed" from "unchanged", useless for recovering the value.</summary>
public abstract class SecretValueRecorder
{
    /// <summary>Records secrets as they are: only for state that is itself encrypted.</summary>
    public static SecretValueRecorder Clear { get; } = new ClearRecorder();

    /// <summary>Records <c>hmac-sha256:&lt;base64&gt;</c> of the param name and value under <paramref name="key"/>
    /// (a random per-state key, so equal passwords in two states do not give equal fingerprints).</summary>
    public static SecretValueRecorder Fingerprint(byte[] key) => new FingerprintRecorder(key);

    public abstract JsonNode? Record(string paramName, JsonNode? value);

    /// <summary>The desired inputs as they are to be recorded: secret params replaced by their recorded form.</summary>
    public Connections.DesiredConnection RecordedForm(DesiredEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parameters = new JsonObject();
        foreach (var (name, value) in entry.Connection.Params)
        {
            parameters[name] = entry.SecretParams.Contains(name) ? Record(name, value) : value?.DeepClone();
        }
        return entry.Connection with { Params = parameters };
    }

    private sealed class ClearRecorder : SecretValueRecorder
    {
        public override JsonNode? Record(string paramName, JsonNode? value) => value?.DeepClone();
    }

    private sealed class FingerprintRecorder(byte[] key) : SecretValueRecorder
    {
        private readonly byte[] _key = key.Length >= 16 ? (byte[])key.Clone() : throw new ArgumentException("the fingerprint key needs at least 16 bytes", nameof(key));

        public override JsonNode? Record(string paramName, JsonNode? value)
        {
            var material = Encoding.UTF8.GetBytes(paramName + "\n" + (value?.ToJsonString() ?? "null"));
            return "hmac-sha256:" + Convert.ToBase64String(HMACSHA256.HashData(_key, material));
        }
    }
}
