namespace Provisioner.Emulator.Store;

/// <summary>What every write does to the server fields of what it changes.</summary>
internal static class StoredEntityWrites
{
    /// <summary>After a write by <paramref name="caller"/>: a new etag and a later <c>updatedAt</c> (strictly later, so
    /// two writes in one millisecond still order). For every stored kind, base connections included.</summary>
    public static T Touched<T>(this T entity, FlowCaller caller, long nowMillis) where T : StoredEntity =>
        (T)((StoredEntity)entity with
        {
            Etag = StoredEntity.NewEtag(),
            UpdatedAt = Math.Max(nowMillis, entity.UpdatedAt + 1),
            UpdatedBy = caller.Principal.UserId,
            UpdatedClient = caller.Principal.ClientId,
        });
}
