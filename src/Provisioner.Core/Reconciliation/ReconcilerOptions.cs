namespace Provisioner.Core.Reconciliation;

/// <summary>How a host wants reconciliation done.</summary>
public sealed class ReconcilerOptions
{
    /// <summary>Service calls in flight at once during plan lookups and apply.</summary>
    /// <value>Default 8.</value>
    public int MaxParallelism { get; set; } = 8;

    /// <summary>When true, a connection whose definition was removed is dropped from state but not deleted.</summary>
    public bool RetainRemoved { get; set; }

    /// <summary>How secret params are recorded. Default <see cref="SecretValueRecorder.Clear"/> (encrypted host state);
    /// hosts that write plain files pass <see cref="SecretValueRecorder.Fingerprint"/>.</summary>
    public SecretValueRecorder SecretRecorder { get; set; } = SecretValueRecorder.Clear;

    /// <summary>POST attempts of the duplicate-safe create when earlier attempts provably did not commit.</summary>
    /// <value>Default 3.</value>
    public int MaxCreateAttempts { get; set; } = 3;
}
