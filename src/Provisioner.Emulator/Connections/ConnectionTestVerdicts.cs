using System.Collections.Concurrent;

namespace Provisioner.Emulator.Connections;

/// <summary>
/// Which connections' credentials the emulator's <c>GET /connections/{id}/test</c> rejects. The emulator cannot
/// reach a real S3 bucket or Mixpanel project, so every stored connection passes its test until a test rejects it
/// through the admin endpoint (<c>POST /_emulator/connections/{id}/credentials/reject</c>) or
/// <see cref="EmulatorHost.RejectCredentials"/>. In memory only: a restart or reset accepts every connection again.
/// </summary>
public sealed class ConnectionTestVerdicts
{
    private readonly ConcurrentDictionary<string, byte> _rejected = new(StringComparer.OrdinalIgnoreCase);

    public void Reject(string connectionId) => _rejected[connectionId] = 0;

    public void Accept(string connectionId) => _rejected.TryRemove(connectionId, out _);

    public bool Passes(string connectionId) => !_rejected.ContainsKey(connectionId);

    public void Clear() => _rejected.Clear();
}
