namespace Provisioner.Core.Reconciliation;

/// <summary>How a host wants reconciliation done.</summary>
public sealed class ReconcilerOptions
{
    /// <summary>Service calls in flight at once during plan lookups and apply.</summary>
    /// <value>Default 8.</value>
    public int MaxParallelism { get; set; } = 8;

    /// <summary>What a create does when the service already has a connection of the desired exact name.</summary>
    /// <value>Default <see cref="CreatePolicy.AdoptSingleMatch"/>.</value>
    public CreatePolicy CreatePolicy { get; set; } = CreatePolicy.AdoptSingleMatch;

    /// <summary>When true, a connection whose definition was removed is dropped from state but not deleted.</summary>
    public bool RetainRemoved { get; set; }

    /// <summary>How secret params are recorded. Default <see cref="SecretValueRecorder.Clear"/> (encrypted host state);
    /// hosts that write plain files pass <see cref="SecretValueRecorder.Fingerprint"/>.</summary>
    public SecretValueRecorder SecretRecorder { get; set; } = SecretValueRecorder.Clear;

    /// <summary>POST attempts of the duplicate-safe create when earlier attempts provably did not commit.</summary>
    /// <value>Default 3.</value>
    public int MaxCreateAttempts { get; set; } = 3;

    /// <summary>
    /// How long the plan's batched name lookup stands as the duplicate guard of a create. Apply POSTs a planned
    /// create without looking its name up again while the plan is younger than this; a key whose turn comes later
    /// looks its name up once more right before its POST. Within the bound, a connection given the same name out of
    /// band (the service has no idempotency key) could be duplicated — the same exposure a lookup right before the
    /// POST has between its answer and the POST, only longer; concurrent runs of this tool are excluded by the host's
    /// state lock, and a lost POST answer is still settled by name (<see cref="SafeConnectionCreator"/>).
    /// </summary>
    /// <value>Default <see cref="DefaultPlanLookupValidity"/> (5 minutes): an apply of 1000 new connections takes
    /// seconds, a plan reviewed by a person before applying takes longer and is looked up again.</value>
    public TimeSpan PlanLookupValidity { get; set; } = DefaultPlanLookupValidity;

    /// <summary>See <see cref="PlanLookupValidity"/>.</summary>
    public static readonly TimeSpan DefaultPlanLookupValidity = TimeSpan.FromMinutes(5);

    /// <summary>The clock that ages plans (<see cref="PlanLookupValidity"/>).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>Whether a key not yet recorded may take over a connection that already carries its exact name.</summary>
public enum CreatePolicy
{
    /// <summary>One exact-name match is adopted (and patched to the desired values); two or more are refused as
    /// ambiguous. For hosts that manage a whole definitions file (the CLI, the Pulumi set), where re-running after a
    /// lost state must converge instead of duplicating.</summary>
    AdoptSingleMatch,

    /// <summary>A create always creates: connections that already carry the name are left alone and the new one goes
    /// beside them (names are not unique on the service; <see cref="PlannedChange.Create.Note"/> tells the user), and
    /// they are never taken for the one a POST with a lost answer committed. Existing connections come under
    /// management only explicitly (Pulumi: <c>pulumi import</c>). For single Pulumi resources: their users expect
    /// create to create, and the engine's replacement creates the new connection while the old one — usually with the
    /// same name — still exists (create-before-delete), which refusing a same-named connection would break.</summary>
    NeverAdopt,
}
