namespace Provisioner.FlowService.Batching;

/// <summary>
/// Coalesces concurrent single-name lookups into batched list requests (DataLoader-style, issue 11): a lookup is sent
/// at once while fewer than <see cref="MaxInFlight"/> lookup requests are on the wire — so a lone caller waits for
/// nothing — and otherwise waits for the next free slot (at most <see cref="MaxWait"/>), when every name queued
/// meanwhile (up to <see cref="ConnectionNameFilter.MaxNamesPerRequest"/>) goes out in one <c>property=name==a,b,c</c>
/// request. The batches grow with the callers' concurrency.
/// </summary>
internal sealed class NameLookupCoalescer<T>(
    Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, IReadOnlyList<T>>>> lookUp)
{
    /// <summary>Lookup requests on the wire at once; the rest queue and share the next request.</summary>
    public const int MaxInFlight = 2;

    private readonly object _gate = new();
    private readonly List<(string Name, TaskCompletionSource<IReadOnlyList<T>> Answer)> _queued = [];
    private int _inFlight;

    /// <summary>The exact-name matches of <paramref name="name"/> (a name that can share a filter). The shared request
    /// is not cancelled when one caller gives up: <paramref name="cancellationToken"/> only stops this caller's wait.</summary>
    public Task<IReadOnlyList<T>> FindAsync(string name, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<IReadOnlyList<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        List<(string, TaskCompletionSource<IReadOnlyList<T>>)>? batch = null;
        lock (_gate)
        {
            _queued.Add((name, answer));
            if (_inFlight < MaxInFlight)
            {
                batch = TakeBatch();
            }
        }

        if (batch is not null)
        {
            _ = SendAsync(batch);
        }
        else
        {
            _ = FlushAfterAsync(MaxWait);
        }

        return answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Longest a queued name waits for a free slot: a request on the wire may be slow (retries after 429s
    /// or 5xx), and the lookups behind it — e.g. the one settling a lost create, on a budget — must not wait for it.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(25);

    private async Task FlushAfterAsync(TimeSpan wait)
    {
        await Task.Delay(wait).ConfigureAwait(false);
        List<(string, TaskCompletionSource<IReadOnlyList<T>>)>? batch = null;
        lock (_gate)
        {
            if (_queued.Count > 0)
            {
                batch = TakeBatch();
            }
        }

        if (batch is not null)
        {
            await SendAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>Under the lock: the next batch of queued names, counted as in flight.</summary>
    private List<(string, TaskCompletionSource<IReadOnlyList<T>>)> TakeBatch()
    {
        var batch = new List<(string, TaskCompletionSource<IReadOnlyList<T>>)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < _queued.Count)
        {
            var (name, _) = _queued[i];
            if (names.Contains(name) || names.Count < ConnectionNameFilter.MaxNamesPerRequest)
            {
                names.Add(name);
                batch.Add(_queued[i]);
                _queued.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        _inFlight++;
        return batch;
    }

    /// <summary>Sends a batch, then — while names queued meanwhile — the next one, in the slot it frees.</summary>
    private async Task SendAsync(List<(string Name, TaskCompletionSource<IReadOnlyList<T>> Answer)> first)
    {
        for (var batch = first; batch is not null;)
        {
            try
            {
                var found = await lookUp(batch.Select(b => b.Name).Distinct(StringComparer.Ordinal).ToArray(), CancellationToken.None).ConfigureAwait(false);
                foreach (var (name, answer) in batch)
                {
                    answer.TrySetResult(found.TryGetValue(name, out var matches) ? matches : []);
                }
            }
            catch (Exception error)
            {
                foreach (var (_, answer) in batch)
                {
                    answer.TrySetException(error);
                }
            }

            lock (_gate)
            {
                _inFlight--;
                batch = _queued.Count > 0 ? TakeBatch() : null;
            }
        }
    }
}
