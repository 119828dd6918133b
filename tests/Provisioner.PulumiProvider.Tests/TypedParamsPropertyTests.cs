using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using Provisioner.Core.Connections;
using Provisioner.Core.Definitions;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Protocol;
using Provisioner.PulumiProvider.Resources.ConnectionSet;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// Issue 9 item 3, as properties over generated auth params of every JSON type a spec's schema allows (string,
/// integer, number, boolean, object, array): a value written in the definitions reads back as the same JSON value,
/// and the set's recorded state survives the trip through the engine (outputs → protobuf Struct → outputs) with no
/// change a diff could see — so no perpetual diff, and no crash building outputs (the <c>port: 22</c> bug).
/// </summary>
public sealed class TypedParamsPropertyTests
{
    // Pulumi numbers are doubles: integers beyond 2^53 cannot be represented by any Pulumi program.
    private const long MaxSafeInteger = 9_007_199_254_740_991;

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Gen.String[0, 12].Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long[-MaxSafeInteger, MaxSafeInteger].Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)));

    private static readonly Gen<JsonNode?> Value = Gen.Recursive<JsonNode?>((depth, self) => depth >= 2
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, self.Array[0, 3].Select(items => (JsonNode?)new JsonArray(items))),
            (1, Gen.Dictionary(Gen.Char.AlphaNumeric.Array[1, 6].Select(c => new string(c)), self)[0, 3].Select(d => (JsonNode?)new JsonObject(d)))));

    private static readonly Gen<JsonObject> Params = Gen.Dictionary(Gen.Char.AlphaNumeric.Array[1, 10].Select(c => new string(c)), Value)[0, 6].Select(d => new JsonObject(d));

    [Fact]
    public void Recorded_params_of_any_type_survive_the_outputs_round_trip_with_no_diff()
    {
        Params.Sample(parameters =>
        {
            var inputs = new DesiredConnection("n", null, new ConnectionSpecRef(Guid.Empty.ToString()), "Basic", parameters);
            var state = RecordedState.From([KeyValuePair.Create("k", new RecordedConnection("id", "\"e\"", inputs, new HashSet<string>()))]);
            var options = new SetOptions(false, 8);

            var outputs = ConnectionSetState.Outputs(state, options);
            var decoded = PropertyValueCodec.Decode(PropertyValueCodec.Encode(outputs));
            var back = ConnectionSetState.Recorded(decoded).Connections["k"].Inputs;

            var diff = ConnectionDiff.Compute(inputs, back);
            Assert.False(diff.HasChanges, string.Join(", ", diff.ChangedPaths) + " changed: " + parameters.ToJsonString());
            Assert.True(SameKinds(parameters, back.Params), parameters.ToJsonString() + " became " + back.Params.ToJsonString());
        }, iter: 2000);
    }

    [Fact]
    public void A_scalar_written_in_the_definitions_reads_back_as_that_JSON_value()
    {
        Scalar.Sample(value =>
        {
            var yaml = $"connections:\n  k:\n    name: n\n    source: mixpanel\n    auth:\n      specName: Basic Authentication\n      params:\n        v: {Yaml(value)}\n";

            var parsed = DefinitionsParser.Parse(yaml, "connections.yaml");

            Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors) + "\n" + yaml);
            var literal = Assert.Single(parsed.Document.Connections.Single().Params).Literal;
            Assert.True(JsonNode.DeepEquals(value, literal), $"{value?.ToJsonString()} read back as {literal?.ToJsonString()}");
            Assert.Equal(value!.GetValueKind(), literal!.GetValueKind());
        }, iter: 2000);
    }

    /// <summary>YAML text for a JSON scalar: strings double-quoted (JSON escaping is valid YAML), numbers round-trippable.</summary>
    private static string Yaml(JsonNode? value) => value!.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.Number when value.AsValue().TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture).Contains('.', StringComparison.Ordinal)
            || d.ToString("R", CultureInfo.InvariantCulture).Contains('E', StringComparison.Ordinal) ? d.ToString("R", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture) + ".0",
        _ => value.ToJsonString(),
    };

    /// <summary>Same shape and, at every leaf, the same JSON kind (an integer stays a number, a boolean a boolean).</summary>
    private static bool SameKinds(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.ContainsKey(p.Key) && SameKinds(p.Value, y[p.Key])),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameKinds(p.First, p.Second)),
        (JsonValue x, JsonValue y) => x.GetValueKind() == y.GetValueKind(),
        _ => false,
    };
}
