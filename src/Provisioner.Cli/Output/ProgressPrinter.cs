namespace Provisioner.Cli.Output;

/// <summary>One stderr line per finished key (<c>[3/40] created mixpanel</c>), so a long apply shows it is moving.
/// Synchronous on purpose: <see cref="Progress{T}"/> would post to the thread pool and reorder lines.</summary>
internal sealed class ProgressPrinter(TextWriter error) : IProgress<ReconcileProgress>
{
    private readonly Lock _gate = new();

    public void Report(ReconcileProgress value)
    {
        if (value.Stage == ProgressStage.Started)
        {
            return;
        }
        var verb = value.Stage == ProgressStage.Failed ? "failed to " + Verb(value.Action, past: false) : Verb(value.Action, past: true);
        lock (_gate)
        {
            error.WriteLine($"[{value.Completed}/{value.Total}] {verb} {value.Key}" + (value.Error is null ? "" : ": " + value.Error));
        }
    }

    private static string Verb(ConnectionAction action, bool past) => (action, past) switch
    {
        (ConnectionAction.Create, true) => "created",
        (ConnectionAction.Adopt, true) => "adopted",
        (ConnectionAction.Update, true) => "updated",
        (ConnectionAction.Replace, true) => "replaced",
        (ConnectionAction.Delete, true) => "deleted",
        (ConnectionAction.Forget, true) => "forgot",
        _ => action.ToString().ToLowerInvariant(),
    };
}
