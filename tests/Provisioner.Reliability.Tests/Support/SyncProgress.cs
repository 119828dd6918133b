namespace Provisioner.Reliability.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that runs its callback inline. <see cref="Progress{T}"/> posts to the thread
/// pool, which is too late for a test that must act exactly when a key starts (inject a fault, cancel).</summary>
internal sealed class SyncProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
