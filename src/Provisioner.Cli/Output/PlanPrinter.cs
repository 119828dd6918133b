namespace Provisioner.Cli.Output;

/// <summary>Prints a plan as one line per changed key: symbol, key, action, and the changed paths — never values.</summary>
internal static class PlanPrinter
{
    public static void Print(ReconcilePlan plan, TextWriter output)
    {
        var changes = plan.Changes.Where(c => c.IsChange || c.Error is not null).ToArray();
        if (changes.Length == 0)
        {
            output.WriteLine($"No changes. {plan.Changes.Count} connection(s) up to date.");
            return;
        }
        var width = changes.Max(c => c.Key.Length);
        foreach (var change in changes)
        {
            var detail = change switch
            {
                PlannedChange.Refused refused => "error: " + refused.Reason,
                PlannedChange.Create create => $"'{create.Desired.Connection.Name}'",
                PlannedChange.Adopt adopt => $"existing {adopt.Existing.Id}" + Paths(change, " and update "),
                PlannedChange.Update update => update.Recorded.Id + Paths(change, ": "),
                PlannedChange.Replace replace => replace.Recorded.Id + Paths(change, ": "),
                PlannedChange.Delete delete => delete.Recorded.Id,
                PlannedChange.Forget forget => forget.Recorded.Id,
                _ => "",
            };
            output.WriteLine($"  {Symbol(change.Action)} {change.Key.PadRight(width)}  {change.Action.ToString().ToLowerInvariant(),-7}  {detail}");
        }
        output.WriteLine(Summary(plan));
    }

    public static string Summary(ReconcilePlan plan) =>
        $"Plan: {plan.Count(ConnectionAction.Create)} to create, {plan.Count(ConnectionAction.Adopt)} to adopt, "
        + $"{plan.Count(ConnectionAction.Update)} to update, {plan.Count(ConnectionAction.Replace)} to replace, "
        + $"{plan.Count(ConnectionAction.Delete)} to delete, {plan.Count(ConnectionAction.Forget)} to forget"
        + (plan.Errors.Any() ? $"; {plan.Errors.Count()} error(s)." : ".");

    private static string Paths(PlannedChange change, string prefix) =>
        change.ChangedPaths.Count == 0 ? "" : prefix + string.Join(", ", change.ChangedPaths);

    private static char Symbol(ConnectionAction action) => action switch
    {
        ConnectionAction.Create => '+',
        ConnectionAction.Adopt => '&',
        ConnectionAction.Update => '~',
        ConnectionAction.Replace => '±',
        ConnectionAction.Delete => '-',
        ConnectionAction.Forget => '.',
        _ => ' ',
    };
}
