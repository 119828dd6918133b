namespace Provisioner.Core.Reconciliation;

/// <summary>One key that could not be reconciled. The message names the key and the cause, never a secret.
/// <see cref="OutcomeUnknown"/>: a create was interrupted after its request was sent and could not be settled, so a
/// connection may exist that <see cref="ApplyResult.State"/> does not record — a host must report "state unknown",
/// never a clean failure. <see cref="NotStarted"/>: the apply was stopped before this key began; nothing was sent for it.</summary>
public sealed record KeyError(string Key, ConnectionAction Action, string Message, Exception? Exception = null, bool OutcomeUnknown = false,
    bool NotStarted = false)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>One key that was reconciled, with the id/etag now recorded (null after a delete/forget).</summary>
public sealed record AppliedChange(string Key, ConnectionAction Action, string? Id, string? Etag, bool RecoveredLostCreate = false);

/// <summary>
/// The outcome of an apply. <see cref="State"/> records exactly what exists after it — every key that succeeded
/// plus the unchanged records of keys that failed — so a host must persist it even when <see cref="Errors"/> is not
/// empty: nothing leaks, and the next run finishes the rest.
/// </summary>
public sealed record ApplyResult(RecordedState State, IReadOnlyList<AppliedChange> Applied, IReadOnlyList<KeyError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Some key's create may have committed without being recorded (see <see cref="KeyError.OutcomeUnknown"/>).</summary>
    public bool OutcomeUnknown => Errors.Any(e => e.OutcomeUnknown);
}

public enum ProgressStage
{
    Started,
    Succeeded,
    Failed,
}

/// <summary>Reported through <see cref="IProgress{T}"/> as each key starts and ends. <see cref="Completed"/> counts
/// finished keys out of <see cref="Total"/> changes.</summary>
public sealed record ReconcileProgress(string Key, ConnectionAction Action, ProgressStage Stage, int Completed, int Total, string? Error = null);

/// <summary>What <see cref="ConnectionReconciler.RefreshAsync"/> found: the refreshed state, keys whose connection
/// is gone from the service, and keys whose readable inputs differ from what was recorded.</summary>
public sealed record RefreshResult(RecordedState State, IReadOnlyList<string> Gone, IReadOnlyList<string> Drifted);
