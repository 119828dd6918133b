namespace Provisioner.Core.Pipeline;

/// <summary>What the graph planner says about references it cannot honour — written once, for every host.</summary>
internal static class PipelineMessages
{
    /// <summary>A declared object names one that is not declared. The definitions reject this before planning; the
    /// planner refuses too, so no host can write a request with a missing id.</summary>
    public static string Dangling(ObjectRef user, IEnumerable<ObjectRef> missing) =>
        $"{user} references {List(missing)}, which is not declared (a dangling reference): declare it or change the reference";

    /// <summary>A declared object needs an id from an object whose own decision was refused.</summary>
    public static string Blocked(ObjectRef user, IEnumerable<ObjectRef> blocked) =>
        $"{user} cannot be planned: {List(blocked)}, which it uses, has no decision (see its error)";

    /// <summary>A removed object that declared objects still use: deleting it would fail on the service (a base
    /// connection a flow uses: 1418-400; a source or target connection a flow uses) or strand them.</summary>
    public static string StillUsed(ObjectRef removed, IEnumerable<ObjectRef> users) =>
        $"{removed} is removed from the definitions but is still used by {List(users)}; it is not deleted: "
        + "remove or re-point those definitions, or declare it again";

    /// <summary><c>baseConnectionId now names connections.b (was connections.a)</c>.</summary>
    public static string Repointed(string field, IEnumerable<ObjectRef>? now, IEnumerable<ObjectRef>? was) =>
        $"{field} now names {ListOrNothing(now)} (was {ListOrNothing(was)})";

    /// <summary><c>connections.mixpanel is replaced</c>.</summary>
    public static string NewId(ObjectRef used, string verb) => $"{used} is {verb}";

    /// <summary><c>it still uses the old connections.mixpanel (id …), which an earlier run replaced</c>.</summary>
    public static string StillUsesOld(ObjectRef used, string oldId) => $"it still uses the old {used} (id {oldId}), which an earlier run replaced";

    /// <summary><c>flowSpec.id cannot be changed in place</c>.</summary>
    public static string NotPatchable(IEnumerable<string> paths) => $"{string.Join(", ", paths)} cannot be changed in place";

    private static string List(IEnumerable<ObjectRef> refs) => string.Join(", ", refs);

    private static string ListOrNothing(IEnumerable<ObjectRef>? refs) => refs is null || !refs.Any() ? "nothing" : List(refs);
}
