using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Output;

/// <summary>
/// Prints a plan as one line per changed object: symbol, key, action, and the changed paths — never values. With a
/// pipeline the lines are grouped under their section (<c>connections:</c>, <c>sourceConnections:</c>, …) in the
/// order the waves run them; a replacement says why, a dataflow's enable/disable step is shown, a refusal is an
/// error line. A file with base connections only prints exactly as before.
/// </summary>
internal static class PlanPrinter
{
    public static void Print(ReconcilePlan plan, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Print(PlanView.Of(plan, plan.Pipeline), output);
    }

    public static void Print(PlanView view, TextWriter output)
    {
        var shown = view.Shown.ToArray();
        if (shown.Length == 0)
        {
            output.WriteLine($"No changes. {KindCounts.Describe(view.Rows.Select(r => r.Ref))} up to date.");
            return;
        }
        var width = shown.Max(r => r.Key.Length);
        string? section = null;
        foreach (var row in shown)
        {
            if (view.HasPipeline && row.Section != section)
            {
                section = row.Section;
                output.WriteLine(section + ":");
            }
            output.WriteLine($"  {Symbol(row)} {row.Key.PadRight(width)}  {Verb(row),-7}  {Detail(row)}".TrimEnd());
        }
        output.WriteLine(Summary(view));
    }

    public static string Summary(PlanView view) =>
        $"Plan: {view.Count(ConnectionAction.Create)} to create, {view.Count(ConnectionAction.Adopt)} to adopt, "
        + $"{view.Count(ConnectionAction.Update)} to update, {view.Count(ConnectionAction.Replace)} to replace, "
        + $"{view.Count(ConnectionAction.Delete)} to delete, {view.Count(ConnectionAction.Forget)} to forget"
        + (view.HasPipeline ? $", {view.Count(FlowStateAction.Enable)} to enable, {view.Count(FlowStateAction.Disable)} to disable" : "")
        + (view.Errors.Any() ? $"; {view.Errors.Count()} error(s)." : ".");

    private static string Detail(PlanRow row)
    {
        if (row.Error is not null)
        {
            return "error: " + row.Error;
        }
        var detail = row.Action switch
        {
            ConnectionAction.Create => $"'{row.Name}'",
            ConnectionAction.Adopt => $"existing {row.Id}" + Paths(row, " and update "),
            ConnectionAction.Update or ConnectionAction.Replace => row.Id + Paths(row, ": "),
            _ => row.Id ?? "",
        };
        if (row.Reason is not null)
        {
            detail += $" ({row.Reason})";
        }
        if (row.StateAction is { } state && row.Action != ConnectionAction.NoOp)
        {
            detail += ", then " + StateWord(state);
        }
        return detail;
    }

    /// <summary>The action column: the decision, or the switch when the dataflow itself is unchanged.</summary>
    private static string Verb(PlanRow row) =>
        row.Action == ConnectionAction.NoOp && row.StateAction is { } state ? StateWord(state) : row.Action.ToString().ToLowerInvariant();

    private static string StateWord(FlowStateAction action) => action == FlowStateAction.Enable ? "enable" : "disable";

    private static string Paths(PlanRow row, string prefix) =>
        row.ChangedPaths.Count == 0 ? "" : prefix + string.Join(", ", row.ChangedPaths);

    private static char Symbol(PlanRow row) => row.Action switch
    {
        ConnectionAction.Create => '+',
        ConnectionAction.Adopt => '&',
        ConnectionAction.Update => '~',
        ConnectionAction.Replace => '±',
        ConnectionAction.Delete => '-',
        ConnectionAction.Forget => '.',
        _ => row.StateAction is null ? ' ' : '~', // an unchanged dataflow switched on or off: a change in place
    };
}
