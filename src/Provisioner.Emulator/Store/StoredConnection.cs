using System.Diagnostics.CodeAnalysis;
using Provisioner.Emulator.Connections;

namespace Provisioner.Emulator.Store;

/// <summary>
/// A base connection as the emulator stores it: unmasked params (the service would encrypt them; the emulator
/// is a local test double) plus every server field. Immutable: a write replaces the record.
/// </summary>
public sealed record StoredConnection : StoredEntity
{
    /// <summary>For the data file's reader, which sets every field by name.</summary>
    public StoredConnection()
    {
    }

    /// <summary>The connection a valid <c>POST /connections</c> by <paramref name="creator"/> creates.</summary>
    [SetsRequiredMembers]
    internal StoredConnection(long sequence, FlowCaller creator, long nowMillis, ValidCreateRequest request)
        : base(sequence, creator, nowMillis)
    {
        Name = request.Name;
        Description = request.Description;
        SpecId = request.Spec.Id;
        SpecVersion = request.Spec.Version;
        AuthSpecName = request.AuthSpec?.Name;
        AuthParams = request.Params;
    }

    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string SpecId { get; init; }
    public required string SpecVersion { get; init; }
    /// <summary><c>null</c> for a spec that takes no auth (Data Landing Zone): the connection has no <c>auth</c>.</summary>
    public required string? AuthSpecName { get; init; }
    /// <summary>Unmasked values. Never log them.</summary>
    public required IReadOnlyDictionary<string, JsonElement> AuthParams { get; init; }
}
