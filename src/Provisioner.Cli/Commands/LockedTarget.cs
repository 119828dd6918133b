namespace Provisioner.Cli.Commands;

/// <summary>A target and the state lock held while using it; disposing closes the target, then releases the lock.</summary>
internal sealed class LockedTarget(Target target, StateLock held) : IAsyncDisposable
{
    public Target Target => target;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            held.Dispose();
        }
    }
}
