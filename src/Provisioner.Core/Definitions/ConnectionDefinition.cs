namespace Provisioner.Core.Definitions;

/// <summary>One entry of <c>connections:</c> as written, before the connection spec is consulted.
/// Exactly one of <see cref="Source"/> and <see cref="ConnectionSpecId"/> is set.</summary>
public sealed record ConnectionDefinition : DefinitionEntry
{
    public required SourceLocation NameLocation { get; init; }
    public string? Description { get; init; }
    /// <summary>A catalog alias such as <c>mixpanel</c> or <c>s3-destination</c>, from <c>source:</c> or <c>destination:</c>.</summary>
    public string? Source { get; init; }
    /// <summary>What the entry says it is: <c>source:</c> → Source, <c>destination:</c> → Destination, <c>null</c> with
    /// <c>connectionSpec:</c> (then the spec alone decides).</summary>
    public ConnectionKind? DeclaredKind { get; init; }
    public string? ConnectionSpecId { get; init; }
    /// <summary>Explicit <c>connectionSpec.version</c>; <c>null</c> = the spec's own version (or <c>1.0</c>).</summary>
    public string? ConnectionSpecVersion { get; init; }
    /// <summary>Location of <c>source</c>, <c>destination</c> or <c>connectionSpec.id</c>.</summary>
    public required SourceLocation SpecLocation { get; init; }
    /// <summary><c>null</c> when the entry has no <c>auth</c> (valid only for a spec that takes none).</summary>
    public string? AuthSpecName { get; init; }
    public required SourceLocation AuthSpecNameLocation { get; init; }
    public required IReadOnlyList<ParamDefinition> Params { get; init; }
    /// <summary>Location of <c>auth.params</c> (or of <c>auth</c> when params is absent), for "missing param" errors.</summary>
    public required SourceLocation ParamsLocation { get; init; }
}

/// <summary>One <c>auth.params</c> entry: a literal (string, number, boolean) or a reference <c>{ secret: NAME }</c>.</summary>
public sealed record ParamDefinition(string Name, JsonNode? Literal, string? SecretName, SourceLocation Location)
{
    public bool IsSecretReference => SecretName is not null;
}

/// <summary>A definitions file that parsed; <see cref="Connections"/> and <see cref="Pipeline"/> hold the entries
/// without structural errors.</summary>
public sealed record DefinitionsDocument(string File, IReadOnlyList<ConnectionDefinition> Connections)
{
    /// <summary>The entries of <c>sourceConnections:</c>, <c>targetConnections:</c> and <c>dataflows:</c>, in file order.</summary>
    public IReadOnlyList<PipelineDefinition> Pipeline { get; init; } = [];

    /// <summary>Section (<c>connections</c>, <c>sourceConnections</c>, …) → every well-formed key it declares, including
    /// entries with errors, so a reference to such an entry is not also reported as dangling.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DeclaredKeys { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>What <see cref="DefinitionsParser"/> found: the readable entries and every error, all at once.</summary>
public sealed record DefinitionsParseResult(DefinitionsDocument Document, IReadOnlyList<DefinitionError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
