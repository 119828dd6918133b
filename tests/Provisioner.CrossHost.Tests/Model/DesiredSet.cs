using System.Text;
using Google.Protobuf.WellKnownTypes;
using static Provisioner.Testing.Plugin.Values;

namespace Provisioner.CrossHost.Tests.Model;

/// <summary>
/// The desired connections after some steps, and how each host is told about them: one definitions file (CLI and
/// BaseConnectionSet, with the same secrets), or one BaseConnection's inputs per key. The spec version is never
/// written, so every host's own default is what lands on the service (and the hosts must agree on it).
/// </summary>
public sealed record DesiredSet(ImmutableSortedDictionary<string, ModelConnection> Connections)
{
    public static readonly DesiredSet Empty = new(ImmutableSortedDictionary.Create<string, ModelConnection>(StringComparer.Ordinal));

    /// <summary>The pipeline on one of the connections, if any (edit family <see cref="EditFamilies.Pipeline"/>).</summary>
    public ModelPipeline? Pipeline { get; init; }

    public DesiredSet With(ModelConnection connection) => this with { Connections = Connections.SetItem(connection.Key, connection) };

    public DesiredSet Without(string key) => this with { Connections = Connections.Remove(key) };

    /// <summary>The profile of the pipeline's base connection.</summary>
    public Profile PipelineBase => Connections[Pipeline!.BaseKey].Profile;

    /// <summary>The definitions file (JSON-quoted strings are valid YAML double-quoted scalars).</summary>
    public string DefinitionsYaml()
    {
        if (Connections.IsEmpty)
        {
            return "connections: {}\n";
        }
        var yaml = new StringBuilder("connections:\n");
        foreach (var c in Connections.Values)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  {c.Key}:\n    name: {ModelConnection.Json(c.Name)}\n");
            if (c.Description is not null)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"    description: {ModelConnection.Json(c.Description)}\n");
            }
            yaml.Append(CultureInfo.InvariantCulture, $"    connectionSpec: {{ id: {ModelConnection.Json(c.Profile.SpecId)} }}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    auth:\n      specName: {ModelConnection.Json(c.Profile.AuthSpecName)}\n      params:\n");
            foreach (var (param, value) in c.Params)
            {
                var text = c.IsSecret(param) ? $"{{ secret: {c.SecretName(param)} }}" : value;
                yaml.Append(CultureInfo.InvariantCulture, $"        {param}: {text}\n");
            }
        }
        if (Pipeline is not null)
        {
            yaml.Append(Pipeline.Yaml(PipelineBase));
        }
        return yaml.ToString();
    }

    /// <summary>Secret name → value, for every secret reference of <see cref="DefinitionsYaml"/>.</summary>
    public IReadOnlyDictionary<string, string> Secrets() =>
        Connections.Values.SelectMany(c => c.Params.Where(p => c.IsSecret(p.Key)).Select(p => KeyValuePair.Create(c.SecretName(p.Key), c.Value(p.Key).GetValue<string>())))
            .ToDictionary(StringComparer.Ordinal);

    /// <summary>One BaseConnection's inputs as a Pulumi YAML program sends them: the params map secret-wrapped, numbers
    /// and booleans as protobuf numbers and booleans.</summary>
    public static Struct BaseConnectionInputs(ModelConnection c)
    {
        var parameters = new Struct();
        foreach (var (param, _) in c.Params)
        {
            var value = c.Value(param);
            parameters.Fields[param] = c.Profile.KindOf(param) switch
            {
                ParamKind.WholeNumber => Value.ForNumber(value.GetValue<long>()),
                ParamKind.TrueOrFalse => Value.ForBool(value.GetValue<bool>()),
                _ => S(value.GetValue<string>()),
            };
        }
        var inputs = Values.Struct(
            ("name", S(c.Name)),
            ("connectionSpec", Obj(("id", S(c.Profile.SpecId)))),
            ("auth", Obj(("specName", S(c.Profile.AuthSpecName)), ("params", Secret(Value.ForStruct(parameters))))));
        if (c.Description is not null)
        {
            inputs.Fields["description"] = S(c.Description);
        }
        return inputs;
    }

    public override string ToString() =>
        (Connections.IsEmpty ? "(none)" : string.Join("; ", Connections.Values)) + (Pipeline is null ? "" : $"; {Pipeline}");
}
