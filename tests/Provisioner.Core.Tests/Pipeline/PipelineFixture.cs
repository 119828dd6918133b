namespace Provisioner.Core.Tests.Pipeline;

/// <summary>A Mixpanel → dataset pipeline as the definitions would give it (bodies shaped as the OAS create requests,
/// ids of declared objects left to the references), base connection plans made by the real connection planner, and
/// objects as the service serves them.</summary>
internal static class PipelineFixture
{
    // One constant per fact: the spec ids are the shared test constants' and the rules' own.
    public const string MixpanelSourceSpec = Provisioner.Testing.PipelineBodies.MixpanelSpec;
    public const string DataLakeSpec = PipelineRules.DataLakeSpecId;
    public const string CrmToAep = "14518937-270c-4525-bdec-c2ba7cce3860";
    public const string CloudStorageToAep = Provisioner.Testing.PipelineBodies.CloudStorageToAep;

    public static readonly ReconcilerOptions Options = new();
    public static readonly ReconcilerOptions Retaining = new() { RetainRemoved = true };
    public static readonly ReconcilerOptions NeverAdopt = new() { CreatePolicy = CreatePolicy.NeverAdopt };

    private static readonly SourceLocation At = new("pipeline.yaml", 1, 1, "$");

    public static DesiredPipelineObject Source(string key = "events", string baseKey = "mixpanel", string name = "Mixpanel events",
        string path = "events", string specId = MixpanelSourceSpec, string? description = null) =>
        new(PipelineKind.SourceConnection, key, Body(name, description, new JsonObject
        {
            ["connectionSpec"] = new JsonObject { ["id"] = specId, ["version"] = "1.0" },
            ["data"] = new JsonObject { ["format"] = "json" },
            ["params"] = new JsonObject { ["path"] = path },
        }), Refs(("baseConnectionId", [ObjectRef.BaseConnection(baseKey)])), null, At);

    public static DesiredPipelineObject Target(string key = "lake", string name = "Events dataset", string dataSetId = "ds-1",
        string specId = DataLakeSpec) =>
        new(PipelineKind.TargetConnection, key, Body(name, null, new JsonObject
        {
            ["connectionSpec"] = new JsonObject { ["id"] = specId, ["version"] = "1.0" },
            ["data"] = new JsonObject { ["format"] = "parquet_xdm" },
            ["params"] = new JsonObject { ["dataSetId"] = dataSetId },
        }), Refs(), null, At);

    public static DesiredPipelineObject Flow(string key = "ingest", string source = "events", string target = "lake", string name = "Mixpanel to lake",
        bool? enabled = true, string flowSpec = CrmToAep, string frequency = "minute", int interval = 15) =>
        new(PipelineKind.Dataflow, key, Body(name, null, new JsonObject
        {
            ["flowSpec"] = new JsonObject { ["id"] = flowSpec, ["version"] = "1.0" },
            ["scheduleParams"] = new JsonObject { ["frequency"] = frequency, ["interval"] = interval },
        }), Refs(("sourceConnectionIds", [new ObjectRef(PipelineKind.SourceConnection, source)]),
            ("targetConnectionIds", [new ObjectRef(PipelineKind.TargetConnection, target)])), enabled, At);

    public static RecordedPipelineObject Recorded(DesiredPipelineObject inputs, string id) =>
        new(inputs.Kind, inputs.Key, id, $"\"etag-{id}\"", inputs);

    /// <summary>The whole pipeline, recorded as last applied: base mixpanel = base-1, events = sc-1, lake = tc-1, ingest = flow-1.</summary>
    public static RecordedPipelineObject[] RecordedPipeline() =>
        [Recorded(Source(), "sc-1"), Recorded(Target(), "tc-1"), Recorded(Flow(), "flow-1")];

    public static DesiredPipelineObject[] WholePipeline() => [Source(), Target(), Flow()];

    public static DesiredEntry Base(string key = "mixpanel", string name = "Mixpanel", string specId = MixpanelSourceSpec, string description = "d") =>
        new(key, new DesiredConnection(name, description, new ConnectionSpecRef(specId), "Basic Authentication",
            new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "u" }), new HashSet<string>());

    public static RecordedConnection RecordedBase(DesiredEntry entry, string id = "base-1") =>
        new(id, $"\"etag-{id}\"", entry.Connection, entry.SecretParams);

    /// <summary>The connection plan of the same run, made by the connection planner itself.</summary>
    public static ReconcilePlan Bases(IEnumerable<DesiredEntry> desired, IEnumerable<(DesiredEntry Entry, string Id)> recorded, ReconcilerOptions? options = null) =>
        Planner.PlanOffline(DesiredConnectionSet.From(desired),
            RecordedState.From(recorded.Select(r => KeyValuePair.Create(r.Entry.Key, RecordedBase(r.Entry, r.Id)))), options ?? Options);

    /// <summary>mixpanel declared and recorded unchanged as base-1.</summary>
    public static ReconcilePlan UnchangedBase() => Bases([Base()], [(Base(), "base-1")]);

    public static PipelinePlan Plan(IEnumerable<DesiredPipelineObject> desired, IEnumerable<RecordedPipelineObject> recorded, ReconcilePlan? bases = null,
        ReconcilerOptions? options = null, Dictionary<PipelineName, PipelineNameLookup>? lookups = null)
    {
        var wanted = desired.ToArray();
        var records = recorded.ToArray();
        var connections = bases ?? UnchangedBase();
        return lookups is null
            ? PipelinePlanner.PlanOffline(wanted, records, connections, options ?? Options)
            : PipelinePlanner.Decide(wanted, records, connections, lookups, options ?? Options);
    }

    public static PipelineChange For(this PipelinePlan plan, PipelineKind? kind, string key) =>
        plan.Changes.Single(c => c.Ref == new ObjectRef(kind, key));

    /// <summary>Each wave as "phase level: step step …" — the order a reader checks at a glance.</summary>
    public static string[] Describe(this PipelinePlan plan) =>
        plan.Waves.Select(w => $"{w.Phase} {w.Level}: {string.Join(" ", w.Steps.Select(s => $"{s.Kind} {s.Ref}"))}").ToArray();

    /// <summary>An object found on the service, served with extra fields the definitions never declare.</summary>
    public static PipelineObject Served(string id, DesiredPipelineObject like, Func<ObjectRef, string> idOf, string? state = null,
        Action<JsonObject>? edit = null)
    {
        var item = like.ToRequest(idOf);
        item["id"] = id;
        item["etag"] = $"\"served-{id}\"";
        item["createdAt"] = 1700000000000;
        if (state is not null)
        {
            item["state"] = state;
        }
        edit?.Invoke(item);
        return PipelineObject.From(item);
    }

    private static JsonObject Body(string name, string? description, JsonObject rest)
    {
        rest["name"] = name;
        if (description is not null)
        {
            rest["description"] = description;
        }
        return rest;
    }

    private static Dictionary<string, IReadOnlyList<ObjectRef>> Refs(params (string Field, ObjectRef[] Refs)[] fields) =>
        fields.ToDictionary(f => f.Field, f => (IReadOnlyList<ObjectRef>)f.Refs, StringComparer.Ordinal);
}
