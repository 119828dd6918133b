using System.Diagnostics.CodeAnalysis;

namespace Provisioner.Emulator.Store;

/// <summary>
/// What the service keeps on everything it stores — base connections, source and target connections, flows, runs:
/// id, insertion order, owner org and sandbox, state, etag and who changed it when. Immutable: a write replaces the record.
/// </summary>
public abstract record StoredEntity
{
    /// <summary>For the data file's reader, which sets every field by name.</summary>
    protected StoredEntity()
    {
    }

    /// <summary>A new entity, the store's <paramref name="sequence"/>th, created by <paramref name="creator"/> at
    /// <paramref name="nowMillis"/>: a fresh id and etag, the creator's org and sandbox, the creator as first and last writer.
    /// The one place every kind (base connections, source and target connections, flows, runs) is stamped on create.</summary>
    [SetsRequiredMembers]
    private protected StoredEntity(long sequence, FlowCaller creator, long nowMillis)
    {
        Id = Guid.NewGuid().ToString();
        Sequence = sequence;
        ImsOrgId = creator.OrgId;
        SandboxName = creator.SandboxName;
        SandboxId = creator.SandboxId;
        Etag = NewEtag();
        CreatedAt = UpdatedAt = nowMillis;
        CreatedBy = UpdatedBy = creator.Principal.UserId;
        CreatedClient = UpdatedClient = creator.Principal.ClientId;
    }

    public required string Id { get; init; }
    /// <summary>Insertion order, one counter for every kind; the default list order and the tie-breaker that keeps paging stable.</summary>
    public required long Sequence { get; init; }
    public required string ImsOrgId { get; init; }
    public required string SandboxName { get; init; }
    public required string SandboxId { get; init; }
    /// <summary><c>enabled</c> or <c>disabled</c> (flows change it with <c>POST /flows/{id}/action</c>).</summary>
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
