using Google.Protobuf.WellKnownTypes;

namespace Provisioner.CrossHost.Tests.Hosts;

/// <summary>
/// One <c>aep:flowservice:BaseConnection</c> per key, driven as the engine drives a program's resources (reference
/// §4, §7): Check → Create for a new key; Check → Diff → Update, or a replacement when Diff lists <c>replaces</c>
/// (create the new one, then delete the old, unless Diff asks for delete-before-replace); Delete for a key the
/// program no longer declares, after the others; Read for refresh, dropping what it reports gone. The engine's
/// state (id, inputs, outputs per key) is kept here.
/// <para>A pipeline is one <c>SourceConnection</c>, <c>TargetConnection</c> and <c>Dataflow</c>, each taking the ids
/// of what it stands on as inputs, applied as the engine walks the dependency graph: creates and updates up the
/// levels (connections, then source and target connections, then the dataflow); deletes — of removed objects and of
/// the old halves of create-before-delete replacements — at the end, down the levels; a delete-before-replace first
/// deletes what stands on the old object (the engine's dependent replacement).</para>
/// </summary>
internal sealed class PerKeyHost : IHostUnderTest
{
    private readonly ConfiguredPlugin _plugin;
    private readonly SortedDictionary<string, Recorded> _state = new(StringComparer.Ordinal);
    /// <summary>"section.key" → the pipeline object's engine state.</summary>
    private readonly SortedDictionary<string, Recorded> _pipeline = new(StringComparer.Ordinal);

    private PerKeyHost(ConfiguredPlugin plugin) => _plugin = plugin;

    public string Name => "BaseConnection per key";

    public EmulatorHost Service => _plugin.Service;

    public static async Task<PerKeyHost> StartAsync() => new(await ConfiguredPlugin.StartAsync());

    public async Task RefreshAsync()
    {
        foreach (var (key, recorded) in _state.ToArray())
        {
            var read = await _plugin.CallAsync($"{key}: Read", () => Rpc(key).RefreshAsync(recorded.Id, recorded.Outputs, recorded.Inputs));
            if (read.Id.Length == 0)
            {
                _state.Remove(key);
            }
            else
            {
                _state[key] = recorded with { Id = read.Id, Inputs = read.Inputs ?? recorded.Inputs, Outputs = read.Properties };
            }
        }
        foreach (var (key, recorded) in _pipeline.ToArray())
        {
            var read = await _plugin.CallAsync($"{key}: Read", () => Rpc(key, recorded.Type).RefreshAsync(recorded.Id, recorded.Outputs, recorded.Inputs));
            if (read.Id.Length == 0)
            {
                _pipeline.Remove(key);
            }
            else
            {
                _pipeline[key] = recorded with { Id = read.Id, Inputs = read.Inputs ?? recorded.Inputs, Outputs = read.Properties };
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, KeyAction>> PreviewAsync(DesiredSet desired)
    {
        var plan = new SortedDictionary<string, KeyAction>(StringComparer.Ordinal);
        foreach (var c in desired.Connections.Values)
        {
            var (inputs, diff) = await CheckAndDiffAsync(c);
            if (diff is null)
            {
                await _plugin.CallAsync($"{c.Key}: Create (preview)", () => Rpc(c.Key).CreateAsync(inputs, preview: true));
                plan[c.Key] = KeyAction.Create;
            }
            else if (diff.Replaces.Count > 0)
            {
                await _plugin.CallAsync($"{c.Key}: Create (preview of the replacement)", () => Rpc(c.Key).CreateAsync(inputs, preview: true));
                plan[c.Key] = KeyAction.Replace;
            }
            else if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
            {
                var recorded = _state[c.Key];
                await _plugin.CallAsync($"{c.Key}: Update (preview)", () => Rpc(c.Key).UpdateAsync(recorded.Id, recorded.Outputs, recorded.Inputs, inputs, preview: true));
                plan[c.Key] = KeyAction.Update;
            }
        }
        foreach (var key in _state.Keys.Where(k => !desired.Connections.ContainsKey(k)))
        {
            plan[key] = KeyAction.Delete;
        }
        return plan;
    }

    public async Task ApplyAsync(DesiredSet desired)
    {
        var deletes = new List<(int Level, string Key, Recorded Old)>();
        foreach (var c in desired.Connections.Values)
        {
            var (inputs, diff) = await CheckAndDiffAsync(c);
            if (diff is null)
            {
                await CreateAsync(c.Key, inputs);
            }
            else if (diff.Replaces.Count > 0)
            {
                var old = _state[c.Key];
                if (diff.DeleteBeforeReplace)
                {
                    await DeleteDependantsAsync(old.Id);
                    await DeleteAsync(c.Key, old);
                    await CreateAsync(c.Key, inputs);
                }
                else
                {
                    await CreateAsync(c.Key, inputs);
                    deletes.Add((0, c.Key, old));
                }
            }
            else if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
            {
                var recorded = _state[c.Key];
                var updated = await _plugin.CallAsync($"{c.Key}: Update", () => Rpc(c.Key).UpdateAsync(recorded.Id, recorded.Outputs, recorded.Inputs, inputs, preview: false));
                _state[c.Key] = recorded with { Inputs = inputs, Outputs = updated.Properties };
            }
        }
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        if (desired.Pipeline is { } p)
        {
            var profile = desired.PipelineBase;
            var baseId = _state[p.BaseKey].Id;
            var source = await UpsertAsync(1, $"sourceConnections.{ModelPipeline.SourceKey}", SourceType, p.SourceInputs(profile, baseId), [baseId], deletes);
            var target = await UpsertAsync(1, $"targetConnections.{ModelPipeline.TargetKey}", TargetType, p.TargetInputs(), [], deletes);
            await UpsertAsync(2, $"dataflows.{ModelPipeline.FlowKey}", FlowType, p.FlowInputs(profile, source, target), [source, target], deletes);
            wanted.UnionWith(_pipeline.Keys);
        }
        foreach (var (key, recorded) in _pipeline.Where(o => !wanted.Contains(o.Key)).ToArray())
        {
            deletes.Add((recorded.Type == FlowType ? 2 : 1, key, recorded));
            _pipeline.Remove(key);
        }
        foreach (var (key, recorded) in _state.Where(s => !desired.Connections.ContainsKey(s.Key)).ToArray())
        {
            deletes.Add((0, key, recorded));
            _state.Remove(key);
        }
        foreach (var (_, key, old) in deletes.OrderByDescending(d => d.Level))
        {
            await DeleteAsync(key, old);
        }
    }

    public IReadOnlyDictionary<string, string> RecordedIds() => _state.ToDictionary(s => s.Key, s => s.Value.Id, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> RecordedPipelineIds() => _pipeline.ToDictionary(s => s.Key, s => s.Value.Id, StringComparer.Ordinal);

    private const string SourceType = "aep:flowservice:SourceConnection";
    private const string TargetType = "aep:flowservice:TargetConnection";
    private const string FlowType = "aep:flowservice:Dataflow";

    /// <summary>Check → Create, or Check → Diff → Update or replace, of one pipeline object; returns its id.</summary>
    private async Task<string> UpsertAsync(int level, string key, string type, Struct news, IReadOnlyList<string> dependsOn, List<(int, string, Recorded)> deletes)
    {
        _pipeline.TryGetValue(key, out var recorded);
        var check = await _plugin.CallAsync($"{key}: Check", () => Rpc(key, type).CheckAsync(news, recorded?.Inputs));
        var inputs = ConfiguredPlugin.Checked(check, $"{key}: Check");
        if (recorded is not null)
        {
            var diff = await _plugin.CallAsync($"{key}: Diff", () => Rpc(key, type).DiffAsync(recorded.Id, recorded.Outputs, recorded.Inputs, inputs));
            if (diff.Replaces.Count == 0)
            {
                if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
                {
                    var updated = await _plugin.CallAsync($"{key}: Update", () => Rpc(key, type).UpdateAsync(recorded.Id, recorded.Outputs, recorded.Inputs, inputs, preview: false));
                    _pipeline[key] = recorded with { Inputs = inputs, Outputs = updated.Properties, DependsOn = dependsOn };
                }
                return _pipeline[key].Id;
            }
            if (diff.DeleteBeforeReplace)
            {
                await DeleteDependantsAsync(recorded.Id);
                await DeleteAsync(key, recorded);
            }
            else
            {
                deletes.Add((level, key, recorded));
            }
        }
        var created = await _plugin.CallAsync($"{key}: Create", () => Rpc(key, type).CreateAsync(inputs, preview: false));
        _pipeline[key] = new Recorded(created.Id, inputs, created.Properties, type, dependsOn);
        return created.Id;
    }

    /// <summary>Deletes the recorded pipeline objects that stand on <paramref name="id"/>, topmost first (the service
    /// refuses to delete what another object still uses).</summary>
    private async Task DeleteDependantsAsync(string id)
    {
        foreach (var (key, dependant) in _pipeline.Where(o => o.Value.DependsOn.Contains(id)).ToArray())
        {
            await DeleteDependantsAsync(dependant.Id);
            await DeleteAsync(key, dependant);
            _pipeline.Remove(key);
        }
    }

    /// <returns>Checked inputs, and the Diff against the recorded resource (null when there is none).</returns>
    private async Task<(Struct Inputs, DiffResponse? Diff)> CheckAndDiffAsync(ModelConnection c)
    {
        _state.TryGetValue(c.Key, out var recorded);
        var check = await _plugin.CallAsync($"{c.Key}: Check", () => Rpc(c.Key).CheckAsync(DesiredSet.BaseConnectionInputs(c), recorded?.Inputs));
        var inputs = ConfiguredPlugin.Checked(check, $"{c.Key}: Check");
        if (recorded is null)
        {
            return (inputs, null);
        }
        var diff = await _plugin.CallAsync($"{c.Key}: Diff", () => Rpc(c.Key).DiffAsync(recorded.Id, recorded.Outputs, recorded.Inputs, inputs));
        return (inputs, diff);
    }

    private async Task CreateAsync(string key, Struct inputs)
    {
        var created = await _plugin.CallAsync($"{key}: Create", () => Rpc(key).CreateAsync(inputs, preview: false));
        _state[key] = new Recorded(created.Id, inputs, created.Properties, Driver.Type, []);
    }

    private async Task DeleteAsync(string key, Recorded recorded)
    {
        await _plugin.CallAsync($"{key}: Delete", async () =>
        {
            await Rpc(key, recorded.Type).DeleteAsync(recorded.Id, recorded.Outputs, recorded.Inputs);
            return true;
        });
    }

    private Driver Rpc(string key, string type = Driver.Type) => new(_plugin.Client, key.Replace('.', '-'), type);

    public ValueTask DisposeAsync() => _plugin.DisposeAsync();

    /// <param name="DependsOn">The ids its inputs name (what the engine would record as its dependencies).</param>
    private sealed record Recorded(string Id, Struct Inputs, Struct Outputs, string Type, IReadOnlyList<string> DependsOn);
}
