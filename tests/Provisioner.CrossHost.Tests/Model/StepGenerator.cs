namespace Provisioner.CrossHost.Tests.Model;

/// <summary>
/// Random steps from a seed: the same seed always gives the same steps, so a failure replays with
/// <c>AEP_MODEL_SEED</c>. Sets stay small (1–3 connections) and every value is fresh, so each step really changes
/// what it says it changes.
/// </summary>
public sealed class StepGenerator(int seed, EditFamilies families)
{
    private const int MaxConnections = 3;

    private static readonly (string Method, string Path)[] FaultTargets =
        [("POST", "/connections"), ("PATCH", "/connections/*"), ("DELETE", "/connections/*"), ("GET", "/connections"), ("GET", "/connections/*")];

    private readonly Random _random = new(seed);
    private int _fresh;
    private int _nextKey;
    /// <summary>Set by a step that moved the pipeline's base connection to another source: the propagated
    /// replacement (source connection and dataflow, the flow spec changing) a pipeline run must show, so only such a
    /// step counts as exercising the family.</summary>
    private bool _pipelineBaseReplaced;

    private enum Edit
    {
        Add, Remove, Describe, ChangeParam, RotateSecret, Rename, ChangeTypedParam, ChangeSpec, ChangeAuth, OutOfBandEdit, OutOfBandDelete, OutOfBandParamRemoval,
        AddPipeline, RemovePipeline, PipelineDescribe, PipelineParam, PipelineSchedule, PipelineEnabled, OutOfBandFlowDelete,
    }

    /// <summary>The first seed from <paramref name="start"/> on whose steps exercise every family asked for, so a
    /// fixed-seed run covers what its test is about (and stays the same run from CI to CI).</summary>
    public static int FirstSeedCovering(EditFamilies families, int start, int count)
    {
        for (var seed = start; seed < start + 10_000; seed++)
        {
            var exercised = new StepGenerator(seed, families).Generate(count).Aggregate(EditFamilies.Basic, (all, step) => all | step.Exercised);
            if ((exercised & families) == families)
            {
                return seed;
            }
        }
        throw new InvalidOperationException($"no seed from {start} on exercises {families} in {count} steps");
    }

    public IReadOnlyList<Step> Generate(int count)
    {
        var first = DesiredSet.Empty.With(NewConnection(NextKey())).With(NewConnection(NextKey()));
        var firstText = "add " + string.Join(", ", first.Connections.Keys);
        if (families.HasFlag(EditFamilies.Pipeline))
        {
            (first, var added) = Apply(first, Edit.AddPipeline);
            firstText += " + " + added;
        }
        var steps = new List<Step> { new(1, firstText, first, null, null, Refresh: false, Exercised(first, EditFamilies.Basic)) };
        var desired = first;
        while (steps.Count < count)
        {
            var edit = Pick(Available(desired));
            var exercised = FamilyOf(edit);
            OutOfBandChange? outOfBand = null;
            string text;
            if (!IsInBand(edit))
            {
                outOfBand = OutOfBand(desired, edit);
                text = "no edit";
            }
            else
            {
                (desired, text) = Apply(desired, edit);
                // Sometimes a second key changes in the same step, so one apply carries several writes.
                if (_random.NextDouble() < 0.3 && Available(desired).Where(IsInBand).ToArray() is { Length: > 0 } more)
                {
                    var secondEdit = Pick(more);
                    var (next, second) = Apply(desired, secondEdit);
                    desired = next;
                    exercised |= FamilyOf(secondEdit);
                    text += " + " + second;
                }
            }
            exercised = (exercised & ~EditFamilies.Pipeline) | (_pipelineBaseReplaced ? EditFamilies.Pipeline : 0);
            _pipelineBaseReplaced = false;
            var fault = families.HasFlag(EditFamilies.Faults) && _random.NextDouble() < 0.5 ? NewFault() : null;
            var refresh = outOfBand is not null || _random.NextDouble() < 0.25;
            steps.Add(new Step(steps.Count + 1, text, desired, outOfBand, fault, refresh, Exercised(desired, exercised | (fault is null ? 0 : EditFamilies.Faults))));
        }
        return steps;
    }

    private static EditFamilies Exercised(DesiredSet desired, EditFamilies edits) =>
        edits | (desired.Connections.Values.Any(c => c.Params.Keys.Any(p => c.Profile.KindOf(p) is ParamKind.WholeNumber or ParamKind.TrueOrFalse)) ? EditFamilies.Typed : 0);

    private static EditFamilies FamilyOf(Edit edit) => edit switch
    {
        Edit.ChangeTypedParam => EditFamilies.Typed,
        Edit.ChangeSpec or Edit.ChangeAuth => EditFamilies.Replace,
        Edit.OutOfBandEdit or Edit.OutOfBandDelete => EditFamilies.OutOfBand,
        Edit.OutOfBandParamRemoval => EditFamilies.OutOfBandParamRemoval,
        Edit.AddPipeline or Edit.RemovePipeline or Edit.PipelineDescribe or Edit.PipelineParam or Edit.PipelineSchedule or Edit.PipelineEnabled or Edit.OutOfBandFlowDelete => EditFamilies.Pipeline,
        _ => EditFamilies.Basic,
    };

    private static bool IsInBand(Edit edit) => edit is not (Edit.OutOfBandEdit or Edit.OutOfBandDelete or Edit.OutOfBandParamRemoval or Edit.OutOfBandFlowDelete);

    private List<Edit> Available(DesiredSet desired)
    {
        var edits = new List<Edit> { Edit.Describe, Edit.ChangeParam, Edit.RotateSecret, Edit.Rename };
        if (desired.Connections.Count < MaxConnections) edits.Add(Edit.Add);
        if (desired.Connections.Count > 1) edits.Add(Edit.Remove);
        if (families.HasFlag(EditFamilies.Typed)) edits.Add(Edit.ChangeTypedParam);
        if (families.HasFlag(EditFamilies.Replace))
        {
            edits.Add(Edit.ChangeSpec);
            if (desired.Connections.Values.Any(c => c.Profile.Alias == Profile.SftpBasic.Alias)) edits.Add(Edit.ChangeAuth);
        }
        if (families.HasFlag(EditFamilies.OutOfBand))
        {
            edits.Add(Edit.OutOfBandEdit);
            if (desired.Connections.Keys.Any(k => k != desired.Pipeline?.BaseKey))
            {
                edits.Add(Edit.OutOfBandDelete);
            }
        }
        if (families.HasFlag(EditFamilies.OutOfBandParamRemoval) && desired.Connections.Values.Any(c => OptionalText(c).Length > 0))
        {
            edits.Add(Edit.OutOfBandParamRemoval);
        }
        if (families.HasFlag(EditFamilies.Pipeline))
        {
            edits.AddRange(desired.Pipeline is null
                ? [Edit.AddPipeline]
                : [Edit.RemovePipeline, Edit.PipelineDescribe, Edit.PipelineParam, Edit.PipelineSchedule, Edit.PipelineEnabled, Edit.OutOfBandFlowDelete]);
        }
        return edits;
    }

    private (DesiredSet Desired, string Text) Apply(DesiredSet desired, Edit edit)
    {
        if (edit == Edit.Add)
        {
            var added = NewConnection(NextKey());
            return (desired.With(added), $"add {added.Key} ({added.Profile})");
        }
        if (ApplyToPipeline(desired, edit) is { } pipelineEdit)
        {
            return pipelineEdit;
        }
        var candidates = edit switch
        {
            Edit.ChangeAuth => desired.Connections.Values.Where(c => c.Profile.Alias == Profile.SftpBasic.Alias).ToArray(),
            // The pipeline's base connection stays while the pipeline does (the file could not name it otherwise).
            Edit.Remove => desired.Connections.Values.Where(c => c.Key != desired.Pipeline?.BaseKey).ToArray(),
            _ => desired.Connections.Values.ToArray(),
        };
        var c = candidates[_random.Next(candidates.Length)];
        _pipelineBaseReplaced |= edit == Edit.ChangeSpec && c.Key == desired.Pipeline?.BaseKey;
        switch (edit)
        {
            case Edit.Remove:
                return (desired.Without(c.Key), $"remove {c.Key}");
            case Edit.Describe:
                var description = c.Description is not null && _random.NextDouble() < 0.3 ? null : $"described {Fresh()}";
                return (desired.With(c with { Description = description }), $"{c.Key}: description {(description is null ? "removed" : $"'{description}'")}");
            case Edit.Rename:
                var name = $"xh {c.Key} {Fresh()}";
                return (desired.With(c with { Name = name }), $"{c.Key}: rename to '{name}'");
            case Edit.ChangeParam:
                var text = c.Profile.Params.Where(p => p.Kind == ParamKind.Text).ToArray();
                var param = text[_random.Next(text.Length)];
                if (!param.Required && c.Params.ContainsKey(param.Name) && _random.NextDouble() < 0.4)
                {
                    return (desired.With(c with { Params = c.Params.Remove(param.Name) }), $"{c.Key}: {param.Name} removed");
                }
                return (desired.With(c with { Params = c.Params.SetItem(param.Name, NewValue(param)) }), $"{c.Key}: {param.Name} {(c.Params.ContainsKey(param.Name) ? "changed" : "added")}");
            case Edit.RotateSecret:
                var secret = c.Profile.Params.First(p => p.Kind == ParamKind.Secret);
                return (desired.With(c with { Params = c.Params.SetItem(secret.Name, NewValue(secret)) }), $"{c.Key}: secret {secret.Name} rotated");
            case Edit.ChangeTypedParam:
                return ChangeTypedParam(desired, c);
            case Edit.ChangeSpec:
                var others = Profile.All.Where(p => p.Alias != c.Profile.Alias).ToArray();
                var profile = others[_random.Next(others.Length)];
                return (desired.With(c with { Profile = profile, Params = NewParams(profile) }), $"{c.Key}: spec changed to {profile}");
            case Edit.ChangeAuth:
                var other = c.Profile == Profile.SftpBasic ? Profile.SftpPublicKey : Profile.SftpBasic;
                // The params both auth types share keep their values; the rest is new.
                var kept = NewParams(other).SetItems(c.Params.Where(p => other.Params.Any(o => o.Name == p.Key && o.Kind != ParamKind.Secret)));
                return (desired.With(c with { Profile = other, Params = kept }), $"{c.Key}: auth type changed to {other.AuthSpecName}");
            default:
                throw new InvalidOperationException($"not an in-band edit: {edit}");
        }
    }

    private (DesiredSet, string) ChangeTypedParam(DesiredSet desired, ModelConnection c)
    {
        var typed = c.Profile.Params.Where(p => p.Kind is ParamKind.WholeNumber or ParamKind.TrueOrFalse).ToArray();
        if (typed.Length == 0)
        {
            // This source declares no typed param: move the connection to one that does (a replace when the family allows it).
            var profile = families.HasFlag(EditFamilies.Replace) ? Profile.SalesforceClientCredentials : null;
            if (profile is null)
            {
                return Apply(desired, Edit.ChangeParam);
            }
            return (desired.With(c with { Profile = profile, Params = NewParams(profile) }), $"{c.Key}: spec changed to {profile} (for a typed param)");
        }
        var param = typed[_random.Next(typed.Length)];
        if (c.Params.ContainsKey(param.Name) && _random.NextDouble() < 0.3)
        {
            return (desired.With(c with { Params = c.Params.Remove(param.Name) }), $"{c.Key}: {param.Name} removed");
        }
        var value = NewValue(param);
        return (desired.With(c with { Params = c.Params.SetItem(param.Name, value) }), $"{c.Key}: {param.Name} = {value}");
    }

    /// <summary>A pipeline edit (null for any other): each changes one field of one object, or the whole pipeline.</summary>
    private (DesiredSet, string)? ApplyToPipeline(DesiredSet desired, Edit edit)
    {
        var p = desired.Pipeline;
        switch (edit)
        {
            case Edit.AddPipeline:
                var keys = desired.Connections.Keys.ToArray();
                var baseKey = keys[_random.Next(keys.Length)];
                var added = new ModelPipeline(baseKey, $"xh events {Fresh()}", Maybe(), $"/events/{Fresh()}", $"xh dataset {Fresh()}", Maybe(), $"ds{Fresh()}",
                    $"xh flow {Fresh()}", Maybe(), 15 * _random.Next(1, 5), _random.Next(4) > 0);
                return (desired with { Pipeline = added }, $"add pipeline on {baseKey}");
            case Edit.RemovePipeline:
                return (desired with { Pipeline = null }, "remove the pipeline");
            case Edit.PipelineDescribe:
                var text = _random.NextDouble() < 0.25 ? null : $"described {Fresh()}";
                return _random.Next(3) switch
                {
                    0 => (desired with { Pipeline = p! with { SourceDescription = text } }, $"{ModelPipeline.SourceKey}: description {text ?? "removed"}"),
                    1 => (desired with { Pipeline = p! with { TargetDescription = text } }, $"{ModelPipeline.TargetKey}: description {text ?? "removed"}"),
                    _ => (desired with { Pipeline = p! with { FlowDescription = text } }, $"{ModelPipeline.FlowKey}: description {text ?? "removed"}"),
                };
            case Edit.PipelineParam:
                return _random.Next(2) == 0
                    ? (desired with { Pipeline = p! with { SourceParam = $"/events/{Fresh()}" } }, $"{ModelPipeline.SourceKey}: params.path changed")
                    : (desired with { Pipeline = p! with { DataSetId = $"ds{Fresh()}" } }, $"{ModelPipeline.TargetKey}: params.dataSetId changed");
            case Edit.PipelineSchedule:
                var interval = p!.Interval == 15 ? 30 : p.Interval - 15;
                return (desired with { Pipeline = p with { Interval = interval } }, $"{ModelPipeline.FlowKey}: every {interval} min");
            case Edit.PipelineEnabled:
                return (desired with { Pipeline = p! with { Enabled = !p.Enabled } }, $"{ModelPipeline.FlowKey}: {(p.Enabled ? "disabled" : "enabled")}");
            default:
                return null;
        }

        string? Maybe() => _random.Next(2) == 0 ? null : $"described {Fresh()}";
    }

    private OutOfBandChange OutOfBand(DesiredSet desired, Edit edit)
    {
        if (edit == Edit.OutOfBandFlowDelete)
        {
            return new OutOfBandChange(OutOfBandChange.PipelineFlow, Delete: true, null, "");
        }
        if (edit == Edit.OutOfBandParamRemoval)
        {
            var holders = desired.Connections.Values.Where(h => OptionalText(h).Length > 0).ToArray();
            var holder = holders[_random.Next(holders.Length)];
            var optional = OptionalText(holder);
            return new OutOfBandChange(holder.Key, Delete: false, optional[_random.Next(optional.Length)], null);
        }
        // The service refuses to delete a base connection a source connection stands on: never the pipeline's.
        var keys = desired.Connections.Keys.Where(k => edit != Edit.OutOfBandDelete || k != desired.Pipeline?.BaseKey).ToArray();
        var c = desired.Connections[keys[_random.Next(keys.Length)]];
        if (edit == Edit.OutOfBandDelete)
        {
            return new OutOfBandChange(c.Key, Delete: true, null, "");
        }
        var text = c.Profile.Params.Where(p => p.Kind == ParamKind.Text && c.Params.ContainsKey(p.Name)).Select(p => p.Name).ToArray();
        var param = _random.NextDouble() < 0.5 ? null : text[_random.Next(text.Length)];
        return new OutOfBandChange(c.Key, Delete: false, param, $"changed out of band {Fresh()}");
    }

    /// <summary>The optional string params the connection sets: removable without breaking its auth spec.</summary>
    private static string[] OptionalText(ModelConnection c) =>
        c.Profile.Params.Where(p => p.Kind == ParamKind.Text && !p.Required && c.Params.ContainsKey(p.Name)).Select(p => p.Name).ToArray();

    private TransientFault NewFault()
    {
        var (method, path) = FaultTargets[_random.Next(FaultTargets.Length)];
        return new TransientFault(_random.Next(2) == 0 ? 429 : 503, method, path);
    }

    private ModelConnection NewConnection(string key)
    {
        var profile = Profile.All[_random.Next(Profile.All.Count)];
        return new ModelConnection(key, $"xh {key} {Fresh()}", _random.Next(2) == 0 ? null : $"described {Fresh()}", profile, NewParams(profile));
    }

    private ImmutableSortedDictionary<string, string> NewParams(Profile profile)
    {
        var values = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var param in profile.Params)
        {
            var typed = param.Kind is ParamKind.WholeNumber or ParamKind.TrueOrFalse;
            var optional = typed ? families.HasFlag(EditFamilies.Typed) && _random.NextDouble() < 0.7 : _random.NextDouble() < 0.5;
            if (param.Required || optional)
            {
                values[param.Name] = NewValue(param);
            }
        }
        return values.ToImmutable();
    }

    /// <summary>A fresh value of the param's declared JSON type, as JSON text.</summary>
    private string NewValue(ParamSpec param) => param.Kind switch
    {
        ParamKind.WholeNumber => (param.Name == "port" ? _random.Next(1, 65536) : _random.Next(1, 64)).ToString(CultureInfo.InvariantCulture),
        ParamKind.TrueOrFalse => _random.Next(2) == 0 ? "false" : "true",
        ParamKind.Secret => ModelConnection.Json($"secret-{Fresh()}"),
        _ when param.Name is "host" or "environmentUrl" => ModelConnection.Json($"https://h{Fresh()}.example.com"),
        _ => ModelConnection.Json($"{param.Name}-{Fresh()}"),
    };

    private Edit Pick(IReadOnlyList<Edit> edits) => edits[_random.Next(edits.Count)];

    private string Fresh() => (++_fresh).ToString(CultureInfo.InvariantCulture);

    private string NextKey() => "k" + (++_nextKey).ToString(CultureInfo.InvariantCulture);
}
