using Provisioner.Core.Pipeline;
using Provisioner.Core.Reconciliation;

namespace Provisioner.Core.Definitions;

/// <summary>
/// Turns parsed pipeline entries into <see cref="DesiredPipelineObject"/>s: every reference names an entry of the
/// right section; a source connection takes its base connection's connection spec; a target connection defaults to
/// the Data Lake spec and carries the params that spec requires; a dataflow's flow spec exists and pairs its source
/// and target connection specs. References point only to an earlier kind (base connection → source/target
/// connection → dataflow), so a cycle cannot be written. Reads catalogs only; never writes.
/// </summary>
internal static class PipelineResolver
{
    /// <summary>The Data Lake target connection spec (reference §4.4): a target connection's spec unless it names one.</summary>
    public const string DataLakeSpecId = PipelineRules.DataLakeSpecId;

    public static async Task<IReadOnlyList<DesiredPipelineObject>> ResolveAsync(DefinitionsDocument document,
        IReadOnlyDictionary<string, DesiredEntry> baseConnections, ResolveOptions options, List<DefinitionError> errors, List<DefinitionError> notes,
        CancellationToken cancellationToken)
    {
        var definitions = document.Pipeline;
        var flowSpecs = await FetchFlowSpecsAsync(definitions, options, errors, cancellationToken).ConfigureAwait(false);
        // The connection spec each resolved connection is of, for the dataflows' pairing check.
        var specOf = new Dictionary<ObjectRef, string>();
        var result = new List<DesiredPipelineObject>();
        foreach (var definition in definitions.OrderBy(d => PipelineKindInfo.Of(d.Kind).Level))
        {
            var errorsBefore = errors.Count;
            foreach (var reference in definition.References)
            {
                CheckReference(reference, document.DeclaredKeys, errors);
            }
            if (errors.Count > errorsBefore)
            {
                continue;
            }
            var resolved = definition.Kind switch
            {
                PipelineKind.SourceConnection => SourceConnection(definition, baseConnections, specOf, errors),
                PipelineKind.TargetConnection => TargetConnection(definition, specOf, errors),
                _ => Dataflow(definition, flowSpecs, specOf, options, errors, notes),
            };
            // Stryker disable once Logical : an entry resolved despite errors is dropped anyway (any error means no set), and null comes only after an error
            if (resolved is not null && errors.Count == errorsBefore)
            {
                result.Add(resolved);
            }
        }
        return result;
    }

    private static void CheckReference(KeyReference reference, IReadOnlyDictionary<string, IReadOnlyList<string>> declared, List<DefinitionError> errors)
    {
        var section = SectionOf(reference.Target.Kind);
        var key = reference.Target.Key;
        var keys = declared.GetValueOrDefault(section) ?? [];
        if (keys.Contains(key, StringComparer.Ordinal))
        {
            return;
        }
        var field = reference.Location.Path[(reference.Location.Path.LastIndexOf('.') + 1)..];
        var expected = NounOf(reference.Target.Kind);
        var elsewhere = AllKinds().Where(kind => kind != reference.Target.Kind
            && (declared.GetValueOrDefault(SectionOf(kind)) ?? []).Contains(key, StringComparer.Ordinal)).ToArray();
        errors.Add(new DefinitionError(reference.Location, elsewhere.Length > 0
            ? $"'{key}' is a {NounOf(elsewhere[0])} ({SectionOf(elsewhere[0])}.{key}), not a {expected}: '{field}' names a key under '{section}:'"
            : $"no {expected} has key '{key}'; " + (keys.Count > 0 ? $"keys under '{section}:': {string.Join(", ", keys)}" : $"the file has no '{section}:' entries")));
    }

    private static DesiredPipelineObject? SourceConnection(PipelineDefinition definition, IReadOnlyDictionary<string, DesiredEntry> baseConnections,
        Dictionary<ObjectRef, string> specOf, List<DefinitionError> errors)
    {
        // Stryker disable once Linq : the parser requires baseConnection of every source connection, so there is exactly one
        var reference = definition.References.Single(r => r.Field == "baseConnectionId");
        // A base connection that did not resolve has its own error; the source connection is not checked further.
        if (baseConnections.GetValueOrDefault(reference.Target.Key) is not { } baseConnection)
        {
            return null;
        }
        var connection = baseConnection.Connection;
        if (connection.Kind == ConnectionKind.Destination)
        {
            errors.Add(new DefinitionError(reference.Location,
                $"{reference.Target} is a destination connection; a source connection reads through a source base connection"));
            return null;
        }
        var body = (JsonObject)definition.Body.DeepClone();
        // The service requires the source connection's spec to be its base connection's: it is taken, never written.
        body["connectionSpec"] = SpecJson(connection.ConnectionSpec.Id, connection.ConnectionSpec.Version);
        specOf[new ObjectRef(definition.Kind, definition.Key)] = connection.ConnectionSpec.Id;
        return Desired(definition, body);
    }

    private static DesiredPipelineObject TargetConnection(PipelineDefinition definition, Dictionary<ObjectRef, string> specOf, List<DefinitionError> errors)
    {
        var specId = definition.ConnectionSpecId ?? DataLakeSpecId;
        foreach (var problem in PipelineRules.TargetParams(specId, definition.Body["params"] as JsonObject))
        {
            errors.Add(new DefinitionError(definition.ParamsLocation with { Path = definition.Location.Path + ".params." + problem.Field }, problem.Message));
        }
        var known = EmbeddedFlowSpecCatalog.Instance.FindTargetSpec(specId);
        var body = (JsonObject)definition.Body.DeepClone();
        // Stryker disable once NullCoalescing : the one target spec the embedded catalog knows (Data Lake) is at the default version
        body["connectionSpec"] = SpecJson(specId, definition.ConnectionSpecVersion ?? known?.Version ?? ConnectionSpecRef.DefaultVersion);
        specOf[new ObjectRef(definition.Kind, definition.Key)] = specId;
        return Desired(definition, body);
    }

    private static DesiredPipelineObject? Dataflow(PipelineDefinition definition, IReadOnlyDictionary<string, FlowSpecInfo?> flowSpecs,
        Dictionary<ObjectRef, string> specOf, ResolveOptions options, List<DefinitionError> errors, List<DefinitionError> notes)
    {
        var written = definition.FlowSpec!;
        var spec = flowSpecs.GetValueOrDefault(FlowSpecLookup(written));
        string id, version;
        if (spec is not null)
        {
            (id, version) = (spec.Id, written.Version ?? spec.Version);
            foreach (var reference in definition.References)
            {
                CheckPair(spec, reference, specOf, errors);
            }
        }
        else if (written.Id is { } unknownId && options.AcceptUnknownSpecs)
        {
            notes.Add(new DefinitionError(written.Location,
                $"flow spec '{unknownId}' is not in the embedded catalog; it is checked against the service when applying, before any write"));
            (id, version) = (unknownId, written.Version ?? ConnectionSpecRef.DefaultVersion);
        }
        else
        {
            return null; // reported by FetchFlowSpecsAsync
        }
        var body = (JsonObject)definition.Body.DeepClone();
        body["flowSpec"] = SpecJson(id, version);
        return Desired(definition, body);
    }

    private static void CheckPair(FlowSpecInfo spec, KeyReference reference, Dictionary<ObjectRef, string> specOf, List<DefinitionError> errors)
    {
        // A connection that did not resolve has its own error.
        if (!specOf.TryGetValue(reference.Target, out var connectionSpecId))
        {
            return;
        }
        var isSource = reference.Target.Kind == PipelineKind.SourceConnection;
        if (isSource ? spec.PairsSource(connectionSpecId) : spec.PairsTarget(connectionSpecId))
        {
            return;
        }
        errors.Add(new DefinitionError(reference.Location,
            $"flow spec '{spec.Name}' ({spec.Id}) does not take {(isSource ? "sources" : "targets")} of connection spec '{connectionSpecId}' "
            + $"(the spec of {reference.Target}{(isSource ? ", from its base connection" : "")}); pick a flow spec that pairs the source and target connection specs"));
    }

    private static string FlowSpecLookup(FlowSpecDefinition written) => written.Name is { } name ? "name:" + name : "id:" + written.Id!.ToLowerInvariant();

    // One read per distinct flow spec, in parallel (against the live service each is a request).
    private static async Task<Dictionary<string, FlowSpecInfo?>> FetchFlowSpecsAsync(IReadOnlyList<PipelineDefinition> definitions, ResolveOptions options,
        List<DefinitionError> errors, CancellationToken cancellationToken)
    {
        var catalog = options.FlowSpecs;
        var written = definitions.Select(d => d.FlowSpec).OfType<FlowSpecDefinition>().ToArray();
        var fetched = await Task.WhenAll(written.Select(FlowSpecLookup).Distinct(StringComparer.Ordinal).Select(async lookup =>
        {
            try
            {
                var spec = lookup.StartsWith("name:", StringComparison.Ordinal)
                    ? await catalog.FindByNameAsync(lookup["name:".Length..], cancellationToken).ConfigureAwait(false)
                    : await catalog.GetFlowSpecAsync(lookup["id:".Length..], cancellationToken).ConfigureAwait(false);
                return (lookup, spec, failure: (FlowServiceException?)null);
            }
            // Refused credentials or an outage are not this definition's fault: they propagate, reported once by the host.
            catch (FlowServiceException e) when (!e.IsAuthenticationFailure && !e.IsServiceUnavailable)
            {
                return (lookup, spec: (FlowSpecInfo?)null, failure: e);
            }
        })).ConfigureAwait(false);
        var specs = fetched.ToDictionary(f => f.lookup, f => f.spec, StringComparer.Ordinal);
        foreach (var definition in written)
        {
            // Stryker disable once Linq : every written flow spec's lookup was fetched just above
            var (_, spec, failure) = fetched.First(f => f.lookup == FlowSpecLookup(definition));
            if (failure is not null)
            {
                // Stryker disable once NullCoalescing : a written flow spec has a name or an id, never both
                errors.Add(new DefinitionError(definition.Location, $"could not read flow spec '{definition.Name ?? definition.Id}': {failure.Message}"));
            }
            else if (spec is null && definition.Name is { } name)
            {
                var known = catalog.KnownNames.Order(StringComparer.Ordinal).ToArray();
                errors.Add(new DefinitionError(definition.Location, $"unknown flow spec '{name}'"
                    + (known.Length > 0 ? $"; known flow specs: {string.Join(", ", known)}" : "") + " (or give flowSpec: { id, version })"));
            }
            else if (spec is null && !options.AcceptUnknownSpecs)
            {
                errors.Add(new DefinitionError(definition.Location, $"unknown flow spec id '{definition.Id}'"));
            }
        }
        return specs;
    }

    private static DesiredPipelineObject Desired(PipelineDefinition definition, JsonObject body) => new(
        definition.Kind,
        definition.Key,
        body,
        definition.References.ToDictionary(r => r.Field, r => (IReadOnlyList<ObjectRef>)[r.Target], StringComparer.Ordinal),
        definition.Enabled,
        definition.Location);

    private static JsonObject SpecJson(string id, string version) => new() { ["id"] = id, ["version"] = version };

    private static IEnumerable<PipelineKind?> AllKinds() => [null, .. PipelineKindInfo.All.Select(k => (PipelineKind?)k.Kind)];

    private static string SectionOf(PipelineKind? kind) => kind is { } k ? PipelineKindInfo.Of(k).Section : DefinitionsParser.ConnectionsKey;

    private static string NounOf(PipelineKind? kind) => kind is { } k ? PipelineKindInfo.Of(k).Noun : "base connection";
}
