using System.Text.RegularExpressions;

namespace Provisioner.CrossHost.Tests.Hosts;

/// <summary>
/// One <c>aep:flowservice:BaseConnectionSet</c> holding the whole definitions file, driven as the engine drives it:
/// Check → Create, or Check → Diff → Update when the Diff says so; Read for refresh. The preview's per-key plan is
/// what the set's Diff reports per <c>connections["key"]</c> (an update of <c>connections["key"].id</c> is a
/// replacement), or, before the set exists, the keys its preview Create leaves unknown.
/// </summary>
internal sealed partial class SetHost : IHostUnderTest
{
    private readonly ConfiguredPlugin _plugin;
    private readonly SetDriver _set;

    private SetHost(ConfiguredPlugin plugin)
    {
        _plugin = plugin;
        _set = new SetDriver(plugin.Client);
    }

    public string Name => "BaseConnectionSet";

    public EmulatorHost Service => _plugin.Service;

    public static async Task<SetHost> StartAsync() => new(await ConfiguredPlugin.StartAsync());

    public async Task RefreshAsync()
    {
        if (_set.Id.Length > 0)
        {
            await _plugin.CallAsync("Read", _set.RefreshAsync);
        }
    }

    public async Task<IReadOnlyDictionary<string, KeyAction>> PreviewAsync(DesiredSet desired)
    {
        var inputs = await CheckAsync(desired);
        var plan = new SortedDictionary<string, KeyAction>(StringComparer.Ordinal);
        if (_set.Id.Length == 0)
        {
            var created = await _plugin.CallAsync("Create (preview)", () => _set.CreateAsync(inputs, preview: true));
            var connections = Values.At(created.Properties, "connections");
            foreach (var key in desired.Connections.Keys.Where(k => connections is null || IsUnknown(connections) || Values.At(created.Properties, "connections." + k) is { } v && IsUnknown(v)))
            {
                plan[key] = KeyAction.Create;
            }
            return plan;
        }
        var diff = await _plugin.CallAsync("Diff", () => _set.DiffAsync(inputs));
        foreach (var (path, change) in diff.DetailedDiff)
        {
            if (KeyPath().Match(path) is { Success: true } match)
            {
                plan[match.Groups["key"].Value] = (change.Kind, match.Groups["id"].Success) switch
                {
                    (PropertyDiff.Types.Kind.Add, _) => KeyAction.Create,
                    (PropertyDiff.Types.Kind.Delete, _) => KeyAction.Delete,
                    (_, true) => KeyAction.Replace,
                    _ => KeyAction.Update,
                };
            }
        }
        if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
        {
            await _plugin.CallAsync("Update (preview)", () => _set.UpdateAsync(inputs, preview: true));
        }
        return plan;
    }

    public async Task ApplyAsync(DesiredSet desired)
    {
        var inputs = await CheckAsync(desired);
        if (_set.Id.Length == 0)
        {
            await _plugin.CallAsync("Create", () => _set.CreateAsync(inputs));
            return;
        }
        var diff = await _plugin.CallAsync("Diff", () => _set.DiffAsync(inputs));
        if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
        {
            await _plugin.CallAsync("Update", () => _set.UpdateAsync(inputs));
        }
    }

    public IReadOnlyDictionary<string, string> RecordedIds() =>
        _set.Id.Length == 0 ? new Dictionary<string, string>() : SetDriver.Ids(_set.Outputs);

    public IReadOnlyDictionary<string, string> RecordedPipelineIds()
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { "sourceConnections", "targetConnections", "dataflows" })
        {
            if (_set.Id.Length > 0 && _set.Outputs.Fields.TryGetValue(section, out var map) && map.StructValue is { } entries)
            {
                foreach (var (key, entry) in entries.Fields)
                {
                    ids[$"{section}.{key}"] = entry.StructValue.Fields["id"].StringValue;
                }
            }
        }
        return ids;
    }

    private async Task<Google.Protobuf.WellKnownTypes.Struct> CheckAsync(DesiredSet desired)
    {
        var check = await _plugin.CallAsync("Check", () => _set.CheckAsync(SetDriver.News(desired.DefinitionsYaml(), desired.Secrets())));
        return ConfiguredPlugin.Checked(check, "Check");
    }

    private static bool IsUnknown(Google.Protobuf.WellKnownTypes.Value value) => value.StringValue == Values.Unknown;

    public ValueTask DisposeAsync() => _plugin.DisposeAsync();

    [GeneratedRegex("""^connections\["(?<key>[^"]+)"\](?<id>\.id)?$""")]
    private static partial Regex KeyPath();
}
