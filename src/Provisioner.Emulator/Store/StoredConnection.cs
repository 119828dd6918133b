namespace Provisioner.Emulator.Store;

/// <summary>
/// A base connection as the emulator stores it: unmasked params (the service would encrypt them; the emulator
/// is a local test double) plus every server field. Immutable: a write replaces the record.
/// </summary>
public sealed record StoredConnection
{
    public required string Id { get; init; }
    /// <summary>Insertion order; the default list order and the tie-breaker that keeps paging stable.</summary>
    public required long Sequence { get; init; }
    public required string ImsOrgId { get; init; }
    public required string SandboxName { get; init; }
    public required string SandboxId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string SpecId { get; init; }
    public required string SpecVersion { get; init; }
    /// <summary><c>null</c> for a spec that takes no auth (Data Landing Zone): the connection has no <c>auth</c>.</summary>
    public required string? AuthSpecName { get; init; }
    /// <summary>Unmasked values. Never log them.</summary>
    public required IReadOnlyDictionary<string, JsonElement> AuthParams { get; init; }
    public string State { get; init; } = "enabled";
    /// <summary>Quoted, e.g. <c>"\"3600e378-…\""</c>; also served as <c>version</c>.</summary>
    public required string Etag { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string CreatedClient { get; init; }
    public required string UpdatedBy { get; init; }
    public required string UpdatedClient { get; init; }

    /// <summary>A fresh quoted etag in the service's shape (a GUID between literal double quotes).</summary>
    public static string NewEtag() => $"\"{Guid.NewGuid()}\"";
}
