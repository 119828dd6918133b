namespace Provisioner.Emulator;

/// <summary>One request the emulator answered (or dropped). Never holds bodies or headers: nothing secret.</summary>
/// <param name="Query">The raw query string (with <c>?</c>); values of credential-like keys are replaced by <c>***</c>.</param>
/// <param name="Aborted">The connection was dropped (a fault, or the client went away) before a complete response.</param>
/// <param name="Fault">Which injected fault shaped this response (<c>status:503</c>, <c>latency</c>, <c>drop</c>), or null.</param>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Method,
    string Path,
    string Query,
    int Status,
    bool Aborted,
    string RequestId,
    string? Fault)
{
    /// <summary>POST, PUT, PATCH or DELETE.</summary>
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";
}

/// <summary>
/// Thread-safe record of the requests seen (gateway and IMS paths; not the <c>/_emulator</c> admin endpoints), in
/// completion order. For assertions such as "this run made zero writes" or "exactly one POST reached the service".
/// </summary>
public sealed class RequestJournal
{
    private static readonly HashSet<string> SecretQueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "client_secret", "access_token", "refresh_token", "password", "token", "code",
    };

    private readonly object _gate = new();
    private readonly List<JournalEntry> _entries = [];
    private long _sequence;
    private int _inFlight;
    private TaskCompletionSource _idle = Idle();

    private static TaskCompletionSource Idle()
    {
        var idle = new TaskCompletionSource();
        idle.SetResult();
        return idle;
    }

    /// <summary>A snapshot copy; later requests do not change it.</summary>
    public IReadOnlyList<JournalEntry> Entries
    {
        get { lock (_gate) return _entries.ToArray(); }
    }

    /// <summary>Entries with this method whose path starts with <paramref name="pathPrefix"/> (e.g. the Flow Service connections path).</summary>
    public IReadOnlyList<JournalEntry> Matching(string method, string pathPrefix = "/") =>
        Entries.Where(e => string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase)
            && e.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToArray();

    /// <summary>POST/PUT/PATCH/DELETE requests to the Flow Service.</summary>
    public IReadOnlyList<JournalEntry> Writes => Entries.Where(e => e.IsWrite && e.Path.StartsWith(EmulatorPaths.FlowService, StringComparison.Ordinal)).ToArray();

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    /// <summary>Requests the emulator is still processing (journalled or not yet).</summary>
    public int InFlight
    {
        get { lock (_gate) return _inFlight; }
    }

    /// <summary>Completes once no request is being processed (at once if none is): e.g. after a client gave up,
    /// before a test looks at the store, so a request still running on the server cannot change it afterwards.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate) return _idle.Task;
    }

    internal void RequestStarted()
    {
        lock (_gate)
        {
            if (_inFlight++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    internal void RequestFinished()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_inFlight == 0) idle = _idle;
        }
        idle?.TrySetResult();
    }

    internal void Record(DateTimeOffset at, string method, string path, string query, int status, bool aborted, string requestId, string? fault)
    {
        lock (_gate)
        {
            _entries.Add(new JournalEntry(++_sequence, at, method, path, Redact(query), status, aborted, requestId, fault));
        }
    }

    private static string Redact(string query)
    {
        if (query.Length <= 1) return query;
        var parts = query.TrimStart('?').Split('&').Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            return eq >= 0 && SecretQueryKeys.Contains(key) ? pair[..eq] + "=***" : pair;
        });
        return "?" + string.Join('&', parts);
    }
}
