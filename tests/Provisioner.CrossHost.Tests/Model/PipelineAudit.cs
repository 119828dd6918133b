using Provisioner.Emulator.Store;

namespace Provisioner.CrossHost.Tests.Model;

/// <summary>
/// What must hold of the pipeline on a host's service after every step: per kind, exactly the desired objects by
/// name, once each, every one known to the host's recorded state, with the declared fields — references compared
/// through the names of what they point at (ids differ from host to host).
/// </summary>
public static class PipelineAudit
{
    /// <summary>The emulator's collections and the definitions file's sections, per kind of the model.</summary>
    private static readonly (string Collection, string Section)[] Kinds =
        [("sourceConnections", "sourceConnections"), ("targetConnections", "targetConnections"), ("flows", "dataflows")];

    /// <param name="recorded">"section.key" → id, as the host recorded its pipeline objects.</param>
    public static IEnumerable<string> Compare(DesiredSet desired, EmulatorHost service, IReadOnlyDictionary<string, string> recorded)
    {
        var wanted = Desired(desired);
        var recordedIds = recorded.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var (collection, section) in Kinds)
        {
            var stored = service.GetStoredResources(collection);
            foreach (var duplicate in stored.GroupBy(s => s.Text("name")).Where(g => g.Count() > 1))
            {
                yield return $"{section}: duplicate name '{duplicate.Key}' is stored {duplicate.Count()} times";
            }
            foreach (var s in stored)
            {
                if (!wanted.TryGetValue($"{section}.{s.Text("name")}", out var fields))
                {
                    yield return $"{section}: '{s.Text("name")}' ({s.Id}) is on the service but not desired";
                    continue;
                }
                if (!recordedIds.Contains(s.Id))
                {
                    yield return $"{section}: '{s.Text("name")}' ({s.Id}) is on the service but not in the recorded state";
                }
                var live = Describe(s, service);
                if (live != fields)
                {
                    yield return $"{section}: '{s.Text("name")}' is {live}, desired {fields}";
                }
            }
            foreach (var name in wanted.Keys.Where(k => k.StartsWith(section + ".", StringComparison.Ordinal)).Select(k => k[(section.Length + 1)..]))
            {
                if (!stored.Any(s => s.Text("name") == name))
                {
                    yield return $"{section}: '{name}' is not on the service";
                }
            }
        }
        var desiredKeys = desired.Pipeline is null ? [] : new[] { $"sourceConnections.{ModelPipeline.SourceKey}", $"targetConnections.{ModelPipeline.TargetKey}", $"dataflows.{ModelPipeline.FlowKey}" };
        foreach (var key in recorded.Keys.Except(desiredKeys))
        {
            yield return $"recorded {key} ({recorded[key]}) is not desired";
        }
        foreach (var key in desiredKeys.Except(recorded.Keys))
        {
            yield return $"{key} is desired but not recorded";
        }
    }

    /// <summary>Every pipeline object on the service in one line each (references by name): what the hosts must share.</summary>
    public static IEnumerable<string> DescribeAll(EmulatorHost service) =>
        Kinds.SelectMany(k => service.GetStoredResources(k.Collection).Select(s => $"{k.Section} '{s.Text("name")}' {Describe(s, service)}"));

    /// <summary>"section.name" → the declared fields, in <see cref="Describe(StoredResource, EmulatorHost)"/>'s words.</summary>
    private static Dictionary<string, string> Desired(DesiredSet desired)
    {
        if (desired.Pipeline is not { } p)
        {
            return [];
        }
        var baseName = desired.Connections[p.BaseKey].Name;
        var baseSpec = desired.PipelineBase.SpecId;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"sourceConnections.{p.SourceName}"] = Source(p.SourceDescription, baseName, baseSpec, p.SourceParam),
            [$"targetConnections.{p.TargetName}"] = Target(p.TargetDescription, p.DataSetId),
            [$"dataflows.{p.FlowName}"] = Flow(p.FlowDescription, ModelPipeline.FlowSpecFor(desired.PipelineBase).Id, p.SourceName, p.TargetName, p.Interval, p.Enabled ? "enabled" : "disabled"),
        };
    }

    private static string Describe(StoredResource s, EmulatorHost service) => s.Kind switch
    {
        "sourceConnections" => Source(s.Text("description"), ConnectionName(service, s.Text("baseConnectionId")), s.Text("connectionSpec.id"), s.Text("params.path")),
        "targetConnections" => Target(s.Text("description"), s.Text("params.dataSetId")),
        _ => Flow(s.Text("description"), s.Text("flowSpec.id"), ResourceName(service, s.Texts("sourceConnectionIds")), ResourceName(service, s.Texts("targetConnectionIds")),
            s.Find("scheduleParams.interval") is { } interval ? int.Parse(interval.GetRawText().Trim('"'), CultureInfo.InvariantCulture) : 0, s.State),
    };

    private static string Source(string? description, string? baseName, string? spec, string? path) =>
        $"description '{description}', on '{baseName}' ({spec}), path '{path}'";

    private static string Target(string? description, string? dataSetId) => $"description '{description}', dataSetId '{dataSetId}'";

    private static string Flow(string? description, string? flowSpec, string? source, string? target, int interval, string state) =>
        $"description '{description}', flow spec {flowSpec}, '{source}' → '{target}', every {interval} min, {state}";

    private static string? ConnectionName(EmulatorHost service, string? id) => service.GetStoredConnections().FirstOrDefault(c => c.Id == id)?.Name ?? $"(missing {id})";

    private static string ResourceName(EmulatorHost service, IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Select(id => service.GetStoredResources().FirstOrDefault(r => r.Id == id)?.Text("name") ?? $"(missing {id})"));
}
