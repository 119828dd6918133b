using Google.Protobuf.WellKnownTypes;

namespace Provisioner.CrossHost.Tests.Hosts;

/// <summary>
/// One <c>aep:flowservice:BaseConnection</c> per key, driven as the engine drives a program's resources (reference
/// §4, §7): Check → Create for a new key; Check → Diff → Update, or a replacement when Diff lists <c>replaces</c>
/// (create the new one, then delete the old, unless Diff asks for delete-before-replace); Delete for a key the
/// program no longer declares, after the others; Read for refresh, dropping what it reports gone. The engine's
/// state (id, inputs, outputs per key) is kept here.
/// </summary>
internal sealed class PerKeyHost : IHostUnderTest
{
    private readonly ConfiguredPlugin _plugin;
    private readonly SortedDictionary<string, Recorded> _state = new(StringComparer.Ordinal);

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
                _state[key] = new Recorded(read.Id, read.Inputs ?? recorded.Inputs, read.Properties);
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
                    await DeleteAsync(c.Key, old);
                    await CreateAsync(c.Key, inputs);
                }
                else
                {
                    await CreateAsync(c.Key, inputs);
                    await DeleteAsync(c.Key, old);
                }
            }
            else if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
            {
                var recorded = _state[c.Key];
                var updated = await _plugin.CallAsync($"{c.Key}: Update", () => Rpc(c.Key).UpdateAsync(recorded.Id, recorded.Outputs, recorded.Inputs, inputs, preview: false));
                _state[c.Key] = recorded with { Inputs = inputs, Outputs = updated.Properties };
            }
        }
        foreach (var (key, recorded) in _state.Where(s => !desired.Connections.ContainsKey(s.Key)).ToArray())
        {
            await DeleteAsync(key, recorded);
            _state.Remove(key);
        }
    }

    public IReadOnlyDictionary<string, string> RecordedIds() => _state.ToDictionary(s => s.Key, s => s.Value.Id, StringComparer.Ordinal);

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
        _state[key] = new Recorded(created.Id, inputs, created.Properties);
    }

    private async Task DeleteAsync(string key, Recorded recorded)
    {
        await _plugin.CallAsync($"{key}: Delete", async () =>
        {
            await Rpc(key).DeleteAsync(recorded.Id, recorded.Outputs, recorded.Inputs);
            return true;
        });
    }

    private Driver Rpc(string key) => new(_plugin.Client, key);

    public ValueTask DisposeAsync() => _plugin.DisposeAsync();

    private sealed record Recorded(string Id, Struct Inputs, Struct Outputs);
}
