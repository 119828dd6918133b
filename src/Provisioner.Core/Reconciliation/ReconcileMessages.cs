namespace Provisioner.Core.Reconciliation;

/// <summary>
/// What every host says about a change the service refused or that could not finish — written once, so the CLI, the
/// Pulumi set and the single Pulumi resource word the same fact the same way. Each names the remedy of each host.
/// </summary>
public static class ReconcileMessages
{
    /// <summary>A PATCH or DELETE on a connection the service no longer has (404).</summary>
    public static string Gone(string id) =>
        $"connection {id} no longer exists on the service (deleted outside this tool); the next run creates it again "
        + "(a single Pulumi resource: run `pulumi refresh` first to drop it from the stack)";

    /// <summary>A PATCH whose If-Match no longer matches (412): someone changed the connection since it was recorded.</summary>
    public static string ChangedElsewhere(string? id) =>
        $"connection {id} was changed outside this tool since it was last applied (HTTP 412, etag mismatch); "
        + "refresh the recorded state (Pulumi: `pulumi refresh`; CLI: `aep-provision refresh`) and run again";

    /// <summary>A write cut off by cancellation or a timeout after it may have reached the service.</summary>
    public const string CancelledInFlight = "cancelled while in progress; it may or may not have completed, and the next run reconciles it";

    /// <summary>A key an apply stopped before starting.</summary>
    public const string NotStarted = "cancelled before it started; the next run will do it";

    /// <summary>A create whose answer was lost, after which several new objects of its name were found: one of
    /// them may be the one it committed, and nothing records it.</summary>
    public static string AmbiguousAfterCreate(string name, IReadOnlyList<string> ids, string noun = BaseConnectionNoun, string pulumiType = BaseConnectionType) =>
        $"the service did not answer the create of '{name}', and {ids.Count} new {noun}s with this name appeared ({string.Join(", ", ids)}); "
        + $"one of them may be this create's. Keep one and delete the others: the CLI and a connection set adopt the one left by name on "
        + $"their next run; for a single Pulumi resource, `pulumi import {pulumiType} <resource-name> <id>` it";

    /// <summary>A plan with source connections, target connections or dataflows on a host whose client cannot reach them.</summary>
    public const string NoPipelineClient =
        "this host's Flow Service client does not serve source connections, target connections and dataflows; nothing of the pipeline was written";

    /// <summary>A pipeline step left out because an object it needs failed (or was itself left out).</summary>
    public static string BlockedBy(IEnumerable<string> failed) =>
        $"not started because {string.Join(", ", failed)} failed; the next run will do it";

    /// <summary>The old half of a replacement that could not be deleted: the new object is recorded, and so is the old
    /// one (<see cref="RecordedState.Superseded"/>), which the next run deletes.</summary>
    public static string OldNotDeleted(string noun, string id, string why) =>
        $"the replacement is created and recorded, but the old {noun} {id} was not deleted ({why}); it stays recorded and the next run deletes it";

    /// <summary>The delete half of a replacement that a stop kept from starting.</summary>
    public static string OldNotStarted(string noun, string id) =>
        $"the replacement is created and recorded; the old {noun} {id} is not deleted yet (cancelled before it started): it is recorded and the next run deletes it";

    /// <summary>The delete of an old half recorded by an earlier run, kept from starting by a stop.</summary>
    public static string OldStillRecorded(string noun, string id) =>
        $"the old {noun} {id} of an earlier replacement was not deleted (cancelled before it started); it stays recorded and the next run deletes it";

    /// <summary>The old dataflow of a replacement, deleted before its successor is posted (two flows would both run),
    /// could not be deleted: nothing new was created, the record still names the old one.</summary>
    public static string OldFlowNotDeleted(string id, string why) =>
        $"the old dataflow {id} could not be deleted ({why}), so its replacement was not created (both would run); the next run tries again";

    /// <summary>An object of a name a plan was about to create appeared on the service after the plan's lookup.</summary>
    public static string AppearedSincePlan(string noun, string name, IReadOnlyList<string> ids) =>
        $"a {noun} named '{name}' appeared on the service since the plan was made ({string.Join(", ", ids)}); nothing was created: "
        + "run again to decide whether to adopt it";

    /// <summary>What messages call a base connection; pipeline objects use their kind's noun (<c>PipelineKindInfo.Noun</c>).</summary>
    public const string BaseConnectionNoun = "connection";

    /// <summary>The Pulumi type a base connection is imported as.</summary>
    public const string BaseConnectionType = "aep:flowservice:BaseConnection";

    /// <summary>Several objects of one kind carry the name a definition asks for (names are not unique on the service).</summary>
    public static string Ambiguous(string noun, string name, IReadOnlyList<string> ids) =>
        $"{ids.Count} {noun}s on the service are named '{name}' (ids {string.Join(", ", ids)}); refusing to guess which one is meant: "
        + $"delete the extra {noun}s or give the definition a different name";

    /// <summary>The one object of the definition's name differs where no PATCH can reach.</summary>
    public static string NotAdoptable(string noun, string name, string id, IReadOnlyList<string> replacePaths) =>
        $"a {noun} named '{name}' already exists (id {id}) but differs in {string.Join(", ", replacePaths)}, "
        + $"which cannot be changed in place; it is not adopted: rename the definition or delete that {noun}";

    /// <summary>A create under <see cref="CreatePolicy.NeverAdopt"/> that goes beside same-named objects.</summary>
    public static string CreatedBeside(string noun, string name, IReadOnlyList<string> ids, string pulumiType) =>
        $"{ids.Count} {noun}(s) named '{name}' already exist ({string.Join(", ", ids)}); "
        + "a new one is created beside them (names are not unique on the service). To manage an existing one instead, import it "
        + $"(Pulumi: `pulumi import {pulumiType} <resource-name> <id>`)";
}
