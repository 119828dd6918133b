namespace Provisioner.Emulator.Store;

/// <summary>
/// The connections, in memory, optionally backed by a <see cref="DataFile"/>. Reads take the current immutable
/// snapshot without locking. Writes are serialized: compute the new state, persist it, and only then publish it, so
/// a write that failed to persist is never visible and an acknowledged write is always on disk.
/// </summary>
internal sealed class ConnectionStore : IDisposable
{
    private readonly DataFile? _file;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile StoreState _state;

    public ConnectionStore(DataFile? file)
    {
        _file = file;
        _state = file?.Load() ?? StoreState.Empty;
    }

    public StoreState Current => _state;

    /// <summary>Runs <paramref name="mutate"/> under the write lock. If it returns a new state, that state is persisted
    /// before it is published and before this method returns (so before any response is sent).</summary>
    public async Task<T> WriteAsync<T>(Func<StoreState, (StoreState State, T Result)> mutate, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var before = _state;
            var (after, result) = mutate(before);
            if (!ReferenceEquals(after, before))
            {
                _file?.Save(after);
                _state = after;
            }

            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();
}
