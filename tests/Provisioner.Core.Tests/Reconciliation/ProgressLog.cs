namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>Collects progress reports synchronously (<see cref="Progress{T}"/> would post them later) and can act on
/// each one, e.g. cancel after the first key.</summary>
internal sealed class ProgressLog(List<ReconcileProgress> into, Action<ReconcileProgress>? then = null) : IProgress<ReconcileProgress>
{
    public void Report(ReconcileProgress value)
    {
        lock (into)
        {
            into.Add(value);
        }
        then?.Invoke(value);
    }
}
