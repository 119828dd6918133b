namespace Provisioner.FlowService;

/// <summary>
/// Marks the calls that settle an interrupted write (the name lookup after a create whose answer was lost). They are
/// few, bounded by a short budget, and decide whether a connection is recorded or reported as "may exist": so they
/// skip the rate pacing and the shared lookup queue that ordinary traffic waits in. Without this, a run whose rate
/// the client has cut (many 429s) can starve them past their budget and leave creates unsettled.
/// </summary>
public static class SettlingCalls
{
    private static readonly AsyncLocal<bool> Flag = new();

    /// <summary>True inside <see cref="Begin"/> on this async flow.</summary>
    public static bool Active => Flag.Value;

    /// <summary>Calls made on this async flow until the scope is disposed go straight to the service.</summary>
    public static IDisposable Begin()
    {
        var outer = Flag.Value;
        Flag.Value = true;
        return new Scope(outer);
    }

    private sealed class Scope(bool outer) : IDisposable
    {
        public void Dispose() => Flag.Value = outer;
    }
}
