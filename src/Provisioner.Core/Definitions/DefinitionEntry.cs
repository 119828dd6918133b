namespace Provisioner.Core.Definitions;

/// <summary>What every entry of a definitions file has, whichever section holds it: the key it is declared under
/// (state, outputs and references use it), where that key stands, and the object's name.</summary>
public abstract record DefinitionEntry
{
    /// <summary>The stable logical key (<c>connections.&lt;key&gt;</c>, <c>dataflows.&lt;key&gt;</c>, …).</summary>
    public required string Key { get; init; }
    /// <summary>The entry's key in the file.</summary>
    public required SourceLocation Location { get; init; }
    public required string Name { get; init; }
}
