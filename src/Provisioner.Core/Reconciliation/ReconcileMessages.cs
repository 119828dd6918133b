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

    /// <summary>A create whose answer was lost, after which several new connections of its name were found: one of
    /// them may be the one it committed, and nothing records it.</summary>
    public static string AmbiguousAfterCreate(string name, IReadOnlyList<string> ids) =>
        $"the service did not answer the create of '{name}', and {ids.Count} new connections with this name appeared ({string.Join(", ", ids)}); "
        + "one of them may be this create's. Keep one and delete the others: the CLI and a connection set adopt the one left by name on "
        + "their next run; for a single Pulumi resource, `pulumi import aep:flowservice:BaseConnection <resource-name> <id>` it";
}
