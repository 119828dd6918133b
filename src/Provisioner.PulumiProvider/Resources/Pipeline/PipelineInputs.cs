using System.Text.Json.Nodes;
using Provisioner.Core.Definitions;
using Provisioner.Core.Pipeline;
using P = Provisioner.PulumiProvider.Resources.Pipeline.PipelineProperties;

namespace Provisioner.PulumiProvider.Resources.Pipeline;

/// <summary>
/// The shape of SourceConnection, TargetConnection and Dataflow inputs: structural checks with defaults (Check, offline),
/// Core's field rules (<see cref="PipelineRules"/>: a schedule, a target spec's required params — the definitions'
/// words), and the conversion to Core's <see cref="DesiredPipelineObject"/>. A single resource takes ids as literal
/// inputs, so its object's <see cref="DesiredPipelineObject.References"/> is empty and the ids sit in the body, where
/// Core's diff treats them as the unpatchable fields they are. Unknown values (preview) always pass.
/// </summary>
public static class PipelineInputs
{
    /// <summary>Where a single resource's object is "declared": there is no file; messages locate by property path.</summary>
    private static readonly SourceLocation NoFile = new("", 0, 0, "");

    /// <summary>What <c>ScheduleSpecDTO</c> requires.</summary>
    private static readonly string[] RequiredScheduleKeys = ["startTime", "frequency"];

    private static readonly string[] SpecFields = [P.ConnectionSpec, P.FlowSpec];

    /// <summary>Validates <paramref name="news"/> and returns them with defaults applied (spec versions, <c>enabled</c>),
    /// keeping the program's own representation otherwise.</summary>
    public static (PropertyMap Inputs, List<CheckFailure> Failures) Check(PipelineKind kind, PropertyMap news)
    {
        var failures = new List<CheckFailure>();
        var allowed = P.Inputs(kind);
        foreach (var key in news.Keys.Where(k => !allowed.Contains(k)))
        {
            failures.Add(new CheckFailure(key, $"unknown property '{key}'; {P.ResourceNoun(kind)} takes {string.Join(", ", allowed)}"));
        }
        InputShape.RequireString(news, P.Name, P.Name, failures, required: true);
        InputShape.RequireString(news, P.Description, P.Description, failures, required: false);

        var inputs = news;
        switch (kind)
        {
            case PipelineKind.SourceConnection:
                InputShape.RequireString(news, P.BaseConnectionId, P.BaseConnectionId, failures, required: true);
                inputs = CheckSpec(news, inputs, P.ConnectionSpec, "a connection spec id (a UUID such as fd2c8ff3-1de0-4f6b-8fa8-4264784870eb)", failures);
                CheckData(news, failures);
                CheckParams(news, failures);
                break;
            case PipelineKind.TargetConnection:
                inputs = CheckSpec(news, inputs, P.ConnectionSpec, $"a connection spec id (a UUID such as {PipelineRules.DataLakeSpecId}, the Data Lake)", failures);
                CheckData(news, failures);
                if (CheckParams(news, failures) && PropertyPath.Get(news, [P.ConnectionSpec, P.SpecId])?.AsString() is { } specId
                    && news[P.Params] is not { IsComputed: true })
                {
                    var parameters = news[P.Params] is { IsNull: false } given ? PropertyValueJson.ToJson(given, PropertyValueCodec.UnknownSentinel) as JsonObject : null;
                    failures.AddRange(PipelineRules.TargetParams(specId, parameters)
                        .Select(p => new CheckFailure(PropertyPath.Format([P.Params, p.Field]), p.Message)));
                }
                break;
            default:
                inputs = CheckSpec(news, inputs, P.FlowSpec, "a flow spec id (a UUID such as 9753525b-82c7-4dce-8a9b-5ccfce2b9876)", failures);
                CheckIds(news, P.SourceConnectionIds, "source connection", failures);
                CheckIds(news, P.TargetConnectionIds, "target connection", failures);
                CheckSchedule(news, failures);
                CheckTransformations(news, failures);
                inputs = BooleanInput.Check(news, inputs, P.Enabled, failures, defaultValue: true);
                break;
        }
        return (inputs, failures);
    }

    /// <summary>The object Core compares and writes, of fully known, checked inputs.</summary>
    public static DesiredPipelineObject ToDesired(PipelineKind kind, string key, PropertyMap inputs) => ToDesired(kind, key, inputs, unknownPlaceholder: null);

    /// <summary>As <see cref="ToDesired(PipelineKind, string, PropertyMap)"/>, but every unknown value becomes
    /// <paramref name="unknownPlaceholder"/>, so a diff sees it as changed (an unknown id: a replacement, since it may
    /// change; an unknown patchable field: an update).</summary>
    public static DesiredPipelineObject ToDesired(PipelineKind kind, string key, PropertyMap inputs, string? unknownPlaceholder)
    {
        var body = new JsonObject();
        foreach (var (name, value) in inputs.Entries.Where(e => e.Key != P.Enabled && P.Inputs(kind).Contains(e.Key) && !e.Value.IsNull))
        {
            try
            {
                body[name] = PropertyValueJson.ToJson(value, unknownPlaceholder);
            }
            catch (InvalidOperationException)
            {
                throw ProviderException.InvalidArgument($"{name} is not known or not a plain value; run `pulumi up` again after fixing the program");
            }
        }
        if (body[P.Name] is not JsonValue)
        {
            throw ProviderException.InvalidArgument($"{P.Name} is missing or not a string; run `pulumi up` again after fixing the program");
        }
        foreach (var spec in SpecFields)
        {
            if (body[spec] is JsonObject reference && reference[P.SpecVersion] is null)
            {
                reference[P.SpecVersion] = Provisioner.FlowService.Models.ConnectionSpecRef.DefaultVersion;
            }
        }
        // The schedule as the service takes it (ScheduleSpecDTO's types), so `interval: 15` and `"15"` are one value.
        if (body[P.ScheduleParams] is JsonObject written && PipelineRules.Schedule(written) is { Problems.Count: 0 } normalised)
        {
            body[P.ScheduleParams] = normalised.Schedule;
        }
        bool? enabled = kind == PipelineKind.Dataflow ? inputs[P.Enabled]?.Unwrapped is not PropertyValue.BoolValue { Value: false } : null;
        return new DesiredPipelineObject(kind, key, body, new Dictionary<string, IReadOnlyList<ObjectRef>>(), enabled, NoFile);
    }

    /// <summary><c>connectionSpec</c> or <c>flowSpec</c>: <c>{ id, version }</c>, the id a UUID, the version defaulted.</summary>
    private static PropertyMap CheckSpec(PropertyMap news, PropertyMap inputs, string key, string expected, List<CheckFailure> failures)
    {
        if (InputShape.RequireObject(news, key, key, failures, P.SpecKeys) is not { } spec)
        {
            return inputs;
        }
        var id = InputShape.RequireString(spec, P.SpecId, key + ".id", failures, required: true);
        if (id is not null && !Guid.TryParseExact(id, "D", out _))
        {
            failures.Add(new CheckFailure(key + ".id", $"{key}.id must be {expected}; got '{id}'"));
        }
        InputShape.RequireString(spec, P.SpecVersion, key + ".version", failures, required: false);
        return spec[P.SpecVersion] is null || spec[P.SpecVersion]!.IsNull
            ? PropertyPath.Set(inputs, [key, P.SpecVersion], PropertyValue.Of(Provisioner.FlowService.Models.ConnectionSpecRef.DefaultVersion))
            : inputs;
    }

    /// <summary><c>data</c> (optional): <c>format</c> required, an XDM <c>schema</c> and format <c>properties</c>.</summary>
    private static void CheckData(PropertyMap news, List<CheckFailure> failures)
    {
        if (news[P.Data] is null or { IsNull: true } || InputShape.RequireObject(news, P.Data, P.Data, failures, P.DataKeys) is not { } data)
        {
            return;
        }
        InputShape.RequireString(data, "format", "data.format", failures, required: true);
        if (data["schema"] is { IsNull: false } && InputShape.RequireObject(data, "schema", "data.schema", failures, P.SpecKeys) is { } schema)
        {
            InputShape.RequireString(schema, P.SpecId, "data.schema.id", failures, required: true);
            InputShape.RequireString(schema, P.SpecVersion, "data.schema.version", failures, required: false);
        }
        RequireMap(data, "properties", "data.properties", failures);
    }

    /// <returns>Whether params are absent or a map (known or not).</returns>
    private static bool CheckParams(PropertyMap news, List<CheckFailure> failures) => RequireMap(news, P.Params, P.Params, failures);

    private static bool RequireMap(PropertyMap map, string key, string path, List<CheckFailure> failures)
    {
        var value = map[key];
        if (value is null or { IsNull: true } or { IsComputed: true } || value.AsObject() is not null)
        {
            return true;
        }
        failures.Add(new CheckFailure(path, $"{path} must be a map, not {PropertyValueCodec.Describe(value)}"));
        return false;
    }

    /// <summary>A dataflow's <c>sourceConnectionIds</c>/<c>targetConnectionIds</c>: a list of at least one id (the
    /// program passes another resource's <c>id</c>, unknown during a preview).</summary>
    private static void CheckIds(PropertyMap news, string key, string noun, List<CheckFailure> failures)
    {
        var value = news[key];
        if (value is null or { IsNull: true })
        {
            failures.Add(new CheckFailure(key, $"missing required property '{key}'"));
            return;
        }
        if (value.IsComputed)
        {
            return;
        }
        if (value.Unwrapped is not PropertyValue.ArrayValue list)
        {
            failures.Add(new CheckFailure(key, $"{key} must be a list of {noun} ids, not {PropertyValueCodec.Describe(value)}"));
            return;
        }
        if (list.Items.Length == 0)
        {
            failures.Add(new CheckFailure(key, $"{key} must name at least one {noun}"));
        }
        for (var i = 0; i < list.Items.Length; i++)
        {
            var item = list.Items[i];
            if (!item.IsComputed && item.AsString() is not { Length: > 0 })
            {
                failures.Add(new CheckFailure($"{key}[{i}]", $"{key}[{i}] must be a {noun} id, not {(item.AsString() is "" ? "an empty string" : PropertyValueCodec.Describe(item))}"));
            }
        }
    }

    /// <summary><c>scheduleParams</c> (optional): its keys here, its values by Core's schedule rules.</summary>
    private static void CheckSchedule(PropertyMap news, List<CheckFailure> failures)
    {
        if (news[P.ScheduleParams] is null or { IsNull: true }
            || InputShape.RequireObject(news, P.ScheduleParams, P.ScheduleParams, failures, P.ScheduleKeys) is not { } schedule)
        {
            return;
        }
        foreach (var required in RequiredScheduleKeys.Where(k => schedule[k] is null or { IsNull: true }))
        {
            failures.Add(new CheckFailure($"{P.ScheduleParams}.{required}", $"missing required property '{P.ScheduleParams}.{required}'"));
        }
        if (news[P.ScheduleParams]!.ContainsComputed)
        {
            return;
        }
        var (_, problems) = PipelineRules.Schedule(PropertyValueJson.ToJson(schedule));
        failures.AddRange(problems.Select(p => new CheckFailure($"{P.ScheduleParams}.{p.Field}", p.Message)));
    }

    /// <summary><c>transformations</c> (optional): a list of <c>{ name, params }</c> (<c>FlowTransformationDTO</c> requires both).</summary>
    private static void CheckTransformations(PropertyMap news, List<CheckFailure> failures)
    {
        var value = news[P.Transformations];
        if (value is null or { IsNull: true } or { IsComputed: true })
        {
            return;
        }
        if (value.Unwrapped is not PropertyValue.ArrayValue list)
        {
            failures.Add(new CheckFailure(P.Transformations, $"{P.Transformations} must be a list of {{ name, params }}, not {PropertyValueCodec.Describe(value)}"));
            return;
        }
        for (var i = 0; i < list.Items.Length; i++)
        {
            var path = $"{P.Transformations}[{i}]";
            var item = list.Items[i];
            if (item.IsComputed)
            {
                continue;
            }
            if (item.AsObject() is not { } transformation)
            {
                failures.Add(new CheckFailure(path, $"{path} must be an object with name, params, not {PropertyValueCodec.Describe(item)}"));
                continue;
            }
            foreach (var extra in transformation.Keys.Where(k => !P.TransformationKeys.Contains(k)))
            {
                failures.Add(new CheckFailure($"{path}.{extra}", $"unknown property '{path}.{extra}'; {path} takes name, params"));
            }
            InputShape.RequireString(transformation, "name", path + ".name", failures, required: true);
            if (transformation["params"] is null or { IsNull: true })
            {
                failures.Add(new CheckFailure(path + ".params", $"missing required property '{path}.params'"));
            }
            else
            {
                RequireMap(transformation, "params", path + ".params", failures);
            }
        }
    }
}
