using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Definitions;

/// <summary>What loading a definitions file produced: the desired set, or every error (never both), plus notes that
/// are not errors (a spec accepted offline without being checked).</summary>
public sealed record DefinitionsResult(DesiredConnectionSet? Desired, IReadOnlyList<DefinitionError> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Desired is not null;

    /// <summary>Things the user should know that do not stop the file, each with its location.</summary>
    public IReadOnlyList<DefinitionError> Notes { get; init; } = [];
}

/// <summary>How to resolve: against the live service (the default, at apply) or offline (a preview, Check).</summary>
public sealed record ResolveOptions
{
    /// <summary>At apply: every spec must be known to the catalog (the live service).</summary>
    public static ResolveOptions Live { get; } = new();

    /// <summary>A spec id the catalog does not know is accepted with a note instead of an error. For offline checks
    /// against the embedded catalog, which may not know every spec of the service: such a definition is checked
    /// against the service when applying, before any write.</summary>
    public bool AcceptUnknownSpecs { get; init; }

    /// <summary>Offline only: a version the definitions omit is the spec's own, which only the live service knows;
    /// it is taken from this state (same key, same spec) so a preview does not show a change apply will not make.</summary>
    public RecordedState? Recorded { get; init; }

    /// <summary>Where dataflows' flow specs are looked up. The embedded catalog until a host supplies the live one
    /// (a FlowService-backed <see cref="IFlowSpecCatalog"/>); with <see cref="AcceptUnknownSpecs"/> a flow spec id it
    /// lacks is accepted with a note, a name it lacks is always an error (the body needs the id).</summary>
    public IFlowSpecCatalog FlowSpecs { get; init; } = EmbeddedFlowSpecCatalog.Instance;

    /// <summary>Offline against the embedded catalog, as a preview or Check does.</summary>
    public static ResolveOptions Offline(RecordedState? recorded = null) => new() { AcceptUnknownSpecs = true, Recorded = recorded };
}

/// <summary>
/// Checks parsed definitions against their connection specs and resolves secret references: unknown source alias
/// or spec id, unknown auth spec name, unknown/missing params, wrong param types, plaintext secrets, unresolved
/// secret references. Reads specs only; it never writes to the service.
/// </summary>
public static class DefinitionsResolver
{
    /// <summary>Parses and resolves in one go; the usual entry point for hosts.</summary>
    public static async Task<DefinitionsResult> LoadAsync(string text, string file, IConnectionSpecCatalog catalog, ISecretSource? secrets,
        CancellationToken cancellationToken = default) =>
        await ResolveAsync(DefinitionsParser.Parse(text, file), catalog, secrets, ResolveOptions.Live, cancellationToken).ConfigureAwait(false);

    /// <summary>Parses and resolves with <paramref name="options"/> (e.g. <see cref="ResolveOptions.Offline"/>).</summary>
    public static async Task<DefinitionsResult> LoadAsync(string text, string file, IConnectionSpecCatalog catalog, ISecretSource? secrets,
        ResolveOptions options, CancellationToken cancellationToken = default) =>
        await ResolveAsync(DefinitionsParser.Parse(text, file), catalog, secrets, options, cancellationToken).ConfigureAwait(false);

    public static Task<DefinitionsResult> ResolveAsync(DefinitionsParseResult parsed, IConnectionSpecCatalog catalog, ISecretSource? secrets,
        CancellationToken cancellationToken = default) =>
        ResolveAsync(parsed, catalog, secrets, ResolveOptions.Live, cancellationToken);

    /// <param name="secrets"><c>null</c> skips secret resolution (lint without secrets); the set then carries no values
    /// for referenced params and is not for applying, so <see cref="DefinitionsResult.Desired"/> is <c>null</c>.</param>
    public static async Task<DefinitionsResult> ResolveAsync(DefinitionsParseResult parsed, IConnectionSpecCatalog catalog, ISecretSource? secrets,
        ResolveOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<DefinitionError>(parsed.Errors);
        var notes = new List<DefinitionError>();
        var specs = await FetchSpecsAsync(parsed.Document.Connections, catalog, options, errors, notes, cancellationToken).ConfigureAwait(false);

        var entries = new List<DesiredEntry>();
        foreach (var definition in parsed.Document.Connections)
        {
            var specId = SpecIdOf(definition, catalog);
            if (specId is null || !specs.TryGetValue(specId, out var spec))
            {
                continue; // reported by FetchSpecsAsync
            }
            var entry = spec is null
                ? (options.AcceptUnknownSpecs ? Unchecked(definition, specId, secrets, options, errors) : null)
                : Resolve(definition, spec, secrets, options, errors);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }
        var pipeline = await PipelineResolver.ResolveAsync(parsed.Document, entries.ToDictionary(e => e.Key, StringComparer.Ordinal), options, errors, notes,
            cancellationToken).ConfigureAwait(false);
        var sorted = errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
        var sortedNotes = notes.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToArray();
        return sorted.Length > 0 || secrets is null
            ? new DefinitionsResult(null, sorted) { Notes = sortedNotes }
            : new DefinitionsResult(DesiredConnectionSet.From(entries) with { Pipeline = pipeline }, []) { Notes = sortedNotes };
    }

    private static string? SpecIdOf(ConnectionDefinition definition, IConnectionSpecCatalog catalog) =>
        definition.Source is { } alias ? catalog.ResolveSourceAlias(alias) : definition.ConnectionSpecId;

    // One read per distinct spec, in parallel: against the live service this is the slow part of validation.
    private static async Task<Dictionary<string, ConnectionSpec?>> FetchSpecsAsync(IReadOnlyList<ConnectionDefinition> definitions,
        IConnectionSpecCatalog catalog, ResolveOptions options, List<DefinitionError> errors, List<DefinitionError> notes, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions)
        {
            var id = SpecIdOf(definition, catalog);
            if (id is null)
            {
                var known = catalog.SourceAliases.Order(StringComparer.Ordinal).ToArray();
                errors.Add(new DefinitionError(definition.SpecLocation,
                    $"unknown {(definition.DeclaredKind ?? ConnectionKind.Source).ToWord()} alias '{definition.Source}'"
                    + (known.Length > 0 ? $"; known aliases: {string.Join(", ", known)}" : "")
                    + " (or give connectionSpec: { id, version })"));
                continue;
            }
            ids.Add(id);
        }
        var fetched = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return (id, spec: await catalog.GetConnectionSpecAsync(id, cancellationToken).ConfigureAwait(false), failure: (FlowServiceException?)null);
            }
            // Refused credentials or an outage are not this definition's fault: they propagate, so a host reports
            // them once instead of once per definition.
            catch (FlowServiceException e) when (!e.IsAuthenticationFailure && !e.IsServiceUnavailable)
            {
                return (id, spec: (ConnectionSpec?)null, failure: e);
            }
        })).ConfigureAwait(false);

        var specs = new Dictionary<string, ConnectionSpec?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, spec, failure) in fetched)
        {
            specs[id] = spec;
            foreach (var definition in definitions.Where(d => string.Equals(SpecIdOf(d, catalog), id, StringComparison.OrdinalIgnoreCase)))
            {
                if (failure is not null)
                {
                    errors.Add(new DefinitionError(definition.SpecLocation, ConnectionValidator.SpecUnreadable(id, failure)));
                }
                else if (spec is null && options.AcceptUnknownSpecs)
                {
                    notes.Add(new DefinitionError(definition.SpecLocation, ConnectionValidator.UncheckedSpec(id)));
                }
                else if (spec is null)
                {
                    errors.Add(new DefinitionError(definition.SpecLocation, definition.Source is null
                        ? ConnectionValidator.UnknownSpec(id)
                        : $"source alias '{definition.Source}' maps to connection spec '{id}', which the service does not know"));
                }
            }
        }
        return specs;
    }

    private static DesiredEntry? Resolve(ConnectionDefinition definition, ConnectionSpec spec, ISecretSource? secrets, ResolveOptions options,
        List<DefinitionError> errors)
    {
        var kind = ConnectionKinds.Of(spec);
        if (definition.DeclaredKind is { } declaredKind && declaredKind != kind)
        {
            errors.Add(new DefinitionError(definition.SpecLocation,
                $"'{definition.Source}' is a {kind.ToWord()} ({spec.Name}, {spec.Id}), not a {declaredKind.ToWord()}: write '{kind.ToWord()}: {definition.Source}'"));
            return null;
        }
        var errorsBefore = errors.Count;
        var problems = ConnectionValidator.Validate(spec, definition.AuthSpecName,
            definition.Params.Select(p => new ParamToValidate(p.Name, p.Literal, p.IsSecretReference)).ToArray());
        errors.AddRange(problems.Select(p => new DefinitionError(LocationOf(definition, p), p.Message)));
        // Stryker disable once Conditional : FindAuthSpec(null) finds nothing too (every auth spec has a name); the check keeps null out of a non-null parameter
        var authSpec = definition.AuthSpecName is null ? null : spec.FindAuthSpec(definition.AuthSpecName);
        var invalid = problems.Where(p => p.Subject == ProblemSubject.Param).Select(p => p.Param!).ToHashSet(StringComparer.Ordinal);
        var values = ResolveValues(definition, invalid, secrets, errors);
        // Stryker disable once Logical : an entry built despite errors is dropped by ResolveAsync (any error means no set), and a missing
        // auth spec of a spec that has some is always an error of Validate above; the check only avoids building a half-resolved entry
        if (errors.Count > errorsBefore || (authSpec is null && spec.AuthSpecs.Count > 0))
        {
            return null;
        }
        var secretParams = (authSpec?.SecretParams ?? []).Concat(definition.Params.Where(p => p.IsSecretReference).Select(p => p.Name)).ToHashSet(StringComparer.Ordinal);
        var version = definition.ConnectionSpecVersion ?? (options.AcceptUnknownSpecs ? RecordedVersion(definition, spec.Id, options) : null)
            ?? spec.Version ?? ConnectionSpecRef.DefaultVersion;
        var desired = new DesiredConnection(definition.Name, definition.Description, new ConnectionSpecRef(spec.Id, version), authSpec?.Name, values) { Kind = kind };
        return new DesiredEntry(definition.Key, desired, secretParams);
    }

    /// <summary>Offline, for a spec the catalog does not know: the definition as written (secrets resolved), unchecked.</summary>
    private static DesiredEntry? Unchecked(ConnectionDefinition definition, string specId, ISecretSource? secrets, ResolveOptions options,
        List<DefinitionError> errors)
    {
        var errorsBefore = errors.Count;
        var values = ResolveValues(definition, new HashSet<string>(StringComparer.Ordinal), secrets, errors);
        // Stryker disable once Block : an entry built despite errors is dropped by ResolveAsync (any error means no set)
        if (errors.Count > errorsBefore)
        {
            return null;
        }
        var version = definition.ConnectionSpecVersion ?? RecordedVersion(definition, specId, options) ?? ConnectionSpecRef.DefaultVersion;
        var desired = new DesiredConnection(definition.Name, definition.Description, new ConnectionSpecRef(specId, version), definition.AuthSpecName, values)
        {
            Kind = definition.DeclaredKind ?? ConnectionKind.Source,
        };
        return new DesiredEntry(definition.Key, desired, definition.Params.Where(p => p.IsSecretReference).Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
    }

    private static string? RecordedVersion(ConnectionDefinition definition, string specId, ResolveOptions options) =>
        options.Recorded?.Connections.GetValueOrDefault(definition.Key) is { } record
            && string.Equals(record.Inputs.ConnectionSpec.Id, specId, StringComparison.OrdinalIgnoreCase)
            ? record.Inputs.ConnectionSpec.Version
            : null;

    /// <summary>Literals as written, secret references replaced by their values (unresolved ones are errors).</summary>
    private static JsonObject ResolveValues(ConnectionDefinition definition, HashSet<string> invalid, ISecretSource? secrets, List<DefinitionError> errors)
    {
        var values = new JsonObject();
        foreach (var param in definition.Params.Where(p => !invalid.Contains(p.Name)))
        {
            if (param.SecretName is not { } secretName)
            {
                values[param.Name] = param.Literal?.DeepClone();
            }
            else if (secrets is not null) // without secrets (a lint) a reference resolves to nothing
            {
                if (secrets.TryGetSecret(secretName, out var secret))
                {
                    values[param.Name] = secret;
                }
                else
                {
                    errors.Add(new DefinitionError(param.Location, $"secret '{secretName}' is not set: {secrets.DescribeMissing(secretName)}"));
                }
            }
        }
        return values;
    }

    private static SourceLocation LocationOf(ConnectionDefinition definition, ConnectionProblem problem) => problem.Subject switch
    {
        ProblemSubject.AuthSpecName => definition.AuthSpecName is null
            ? definition.Location with { Path = definition.Location.Path + ".auth" } // missing: point at where it belongs
            : definition.AuthSpecNameLocation,
        // Stryker disable once Linq : a param problem always names a param the definition gives (Validate sees only those)
        ProblemSubject.Param => definition.Params.FirstOrDefault(p => p.Name == problem.Param)?.Location ?? definition.ParamsLocation,
        _ => definition.ParamsLocation,
    };
}
