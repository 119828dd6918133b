using System.Security.Cryptography;

namespace Provisioner.Cli.State;

/// <summary>
/// The HMAC keys of secret fingerprints, kept apart from the state files they serve: a fingerprint of a short
/// password is guessable offline by anyone who has both, and state files get copied, shared and committed.
/// One owner-only (0600) file per key under the user's profile (<see cref="CliEnvironment.KeyDirectory"/>), named by
/// a random key id the state file records; the id says nothing about the key.
/// </summary>
internal sealed class FingerprintKeyStore(string directory)
{
    private const int KeyBytes = 32;

    public string Directory { get; } = directory;

    public static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    public string PathFor(string keyId) => Path.Combine(Directory, keyId + ".key");

    /// <summary>The key of <paramref name="keyId"/>, or <c>null</c> when this user has none (another machine or user
    /// wrote the state, or the key was deleted).</summary>
    public byte[]? TryLoad(string keyId)
    {
        if (!IsKeyId(keyId))
        {
            throw new FormatException($"'{keyId}' is not a fingerprint key id");
        }
        var path = PathFor(keyId);
        if (!File.Exists(path))
        {
            return null;
        }
        var key = File.ReadAllBytes(path);
        return key.Length == KeyBytes ? key : throw new FormatException($"{path}: a fingerprint key has {KeyBytes} bytes, this file {key.Length}");
    }

    /// <summary>Writes the key once; a key id is never reused for another key, so an existing file is left alone.</summary>
    public void Save(string keyId, byte[] key)
    {
        if (!File.Exists(PathFor(keyId)))
        {
            PrivateFile.WriteAtomically(PathFor(keyId), stream => stream.Write(key));
        }
    }

    // Key ids come from a state file: only hex, so a crafted state cannot point outside the key folder.
    private static bool IsKeyId(string keyId) => keyId.Length == 32 && keyId.All(char.IsAsciiHexDigitLower);
}
