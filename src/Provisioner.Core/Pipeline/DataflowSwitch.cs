namespace Provisioner.Core.Pipeline;

/// <summary>
/// The one decision whether a dataflow needs <c>POST /flows/{id}/action?op=enable|disable</c>: the planner's state
/// step and the single Pulumi resource both ask here. Enabling an enabled flow is refused by the service
/// (FLOW-1422-400), so a switch is sent only when the state the flow has differs from the declared one.
/// </summary>
public static class DataflowSwitch
{
    /// <summary>A dataflow the service creates starts enabled (Adobe's dataflow docs; the emulator does the same), so
    /// it is also what a dataflow declares when it says nothing.</summary>
    public const bool CreatedEnabled = true;

    /// <summary>The action that brings a dataflow from <paramref name="current"/> (null: unknown, e.g. a transitional
    /// state, so the declared action is sent and afterwards provably holds) to <paramref name="declaredEnabled"/>
    /// (null: enabled); null when nothing needs doing.</summary>
    public static FlowStateAction? Needed(bool? declaredEnabled, bool? current)
    {
        var wanted = declaredEnabled ?? CreatedEnabled;
        return current == wanted ? null : wanted ? FlowStateAction.Enable : FlowStateAction.Disable;
    }

    /// <summary>As <see cref="Needed(bool?, bool?)"/>, from the state the service serves.</summary>
    public static FlowStateAction? Needed(bool? declaredEnabled, string? servedState) => Needed(declaredEnabled, Served(servedState));

    /// <summary>Whether a served state is a settled on or off; null for a transitional or missing one.</summary>
    public static bool? Served(string? state) => state switch
    {
        DataflowStates.Enabled => true,
        DataflowStates.Disabled => false,
        _ => null,
    };
}
