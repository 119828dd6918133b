namespace Provisioner.Core.Tests.Reconciliation;

/// <summary>The state file's format: hosts persist it, so its field names are a contract with every state file
/// already written, and reading it back must either give the same state or say which key and field is wrong.</summary>
public sealed class RecordedStateJsonTests
{
    private static readonly RecordedState State = RecordedState.From(
    [
        KeyValuePair.Create("b", new RecordedConnection("id-b", "\"etag-b\"",
            new DesiredConnection("B", null, new ConnectionSpecRef("spec-b", "2.0"), "Access Key", new JsonObject { ["key"] = "AK", ["secret"] = "fp" }),
            new HashSet<string>(StringComparer.Ordinal) { "secret", "another" })),
        KeyValuePair.Create("a", new RecordedConnection("id-a", "\"etag-a\"",
            new DesiredConnection("A", "desc", new ConnectionSpecRef("spec-a", "1.0"), "Basic", new JsonObject { ["port"] = 22 }),
            new HashSet<string>(StringComparer.Ordinal))),
    ]);

    private const string Json =
        """{"a":{"id":"id-a","etag":"\u0022etag-a\u0022","secretParams":[],"inputs":{"name":"A","description":"desc","kind":"source","connectionSpec":{"id":"spec-a","version":"1.0"},"auth":{"specName":"Basic","params":{"port":22}}}}"""
        + ""","b":{"id":"id-b","etag":"\u0022etag-b\u0022","secretParams":["another","secret"],"inputs":{"name":"B","description":null,"kind":"source","connectionSpec":{"id":"spec-b","version":"2.0"},"auth":{"specName":"Access Key","params":{"key":"AK","secret":"fp"}}}}}""";

    [Fact]
    public void The_format_pins_every_field_name_keys_in_order_and_secret_params_sorted()
    {
        Assert.Equal(Json, RecordedStateJson.ToJson(State).ToJsonString());
    }

    [Fact]
    public void Reading_gives_back_the_same_state()
    {
        var read = RecordedStateJson.FromJson(JsonNode.Parse(Json)!.AsObject());

        Assert.Equal(["a", "b"], read.Connections.Keys);
        foreach (var (key, expected) in State.Connections)
        {
            var actual = read.Connections[key];
            Assert.Equal((expected.Id, expected.Etag), (actual.Id, actual.Etag));
            Assert.Equal(expected.SecretParams.Order(), actual.SecretParams.Order());
            Assert.Equal((expected.Inputs.Name, expected.Inputs.Description, expected.Inputs.ConnectionSpec, expected.Inputs.AuthSpecName),
                (actual.Inputs.Name, actual.Inputs.Description, actual.Inputs.ConnectionSpec, actual.Inputs.AuthSpecName));
            Assert.True(JsonNode.DeepEquals(expected.Inputs.Params, actual.Inputs.Params));
            Assert.Equal(expected.Inputs.Kind, actual.Inputs.Kind);
        }
        Assert.Equal(Json, RecordedStateJson.ToJson(read).ToJsonString());
    }

    [Fact]
    public void Reading_copies_the_params_so_the_source_json_can_change()
    {
        var json = JsonNode.Parse(Json)!.AsObject();
        var read = RecordedStateJson.FromJson(json);
        json["a"]!["inputs"]!["auth"]!["params"]!["port"] = 23;
        Assert.Equal(22, read.Connections["a"].Inputs.Params["port"]!.GetValue<int>());
        Assert.NotSame(State.Connections["a"].Inputs.Params, RecordedStateJson.ToJson(State)["a"]!["inputs"]!["auth"]!["params"]);
    }

    [Fact]
    public void Missing_description_and_secret_params_are_optional()
    {
        var read = RecordedStateJson.FromJson(JsonNode.Parse("""
            {"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1.0"},"auth":{"specName":"S","params":{}}}}}
            """)!.AsObject());

        var record = read.Connections["k"];
        Assert.Null(record.Inputs.Description);
        Assert.Empty(record.SecretParams);
    }

    [Fact]
    public void A_destination_without_auth_is_written_without_auth_and_read_back_as_such()
    {
        var state = RecordedState.From(
        [
            KeyValuePair.Create("d", new RecordedConnection("id-d", "e",
                new DesiredConnection("D", null, new ConnectionSpecRef("spec-d", "1.0"), null, new JsonObject()) { Kind = ConnectionKind.Destination },
                new HashSet<string>())),
        ]);
        const string Expected = """{"d":{"id":"id-d","etag":"e","secretParams":[],"inputs":{"name":"D","description":null,"kind":"destination","connectionSpec":{"id":"spec-d","version":"1.0"}}}}""";

        Assert.Equal(Expected, RecordedStateJson.ToJson(state).ToJsonString());
        var read = RecordedStateJson.FromJson(JsonNode.Parse(Expected)!.AsObject()).Connections["d"].Inputs;
        Assert.Equal((ConnectionKind.Destination, (string?)null, 0), (read.Kind, read.AuthSpecName, read.Params.Count));
    }

    [Fact]
    public void State_written_before_kinds_existed_reads_as_sources()
    {
        var read = RecordedStateJson.FromJson(JsonNode.Parse("""
            {"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1.0"},"auth":{"specName":"S","params":{}}}}}
            """)!.AsObject());
        Assert.Equal(ConnectionKind.Source, read.Connections["k"].Inputs.Kind);
    }

    [Fact]
    public void An_empty_object_is_the_empty_state()
    {
        Assert.Empty(RecordedStateJson.FromJson([]).Connections);
        Assert.Equal("{}", RecordedStateJson.ToJson(RecordedState.Empty).ToJsonString());
    }

    [Theory]
    [InlineData("""{"k":{"etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S","params":{}}}}}""", "missing 'id'")]
    [InlineData("""{"k":{"id":"i","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S","params":{}}}}}""", "missing 'etag'")]
    [InlineData("""{"k":{"id":"i","etag":"e"}}""", "missing 'inputs'")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S","params":{}}}}}""", "missing 'name'")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","auth":{"specName":"S","params":{}}}}}""", "missing 'connectionSpec'")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"version":"1"},"auth":{"specName":"S","params":{}}}}}""", "missing 'id'")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s"},"auth":{"specName":"S","params":{}}}}}""", "missing 'version'")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":"x"}}}""", "'auth' has the wrong type")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","kind":5,"connectionSpec":{"id":"s","version":"1"}}}}""", "'kind' must be a string")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":{"params":{}}}}}""", "missing 'specName'")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S"}}}}""", "missing 'params'")]
    [InlineData("""{"k":{"id":7,"etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S","params":{}}}}}""", "'id' must be a string")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","description":5,"connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S","params":{}}}}}""", "'description' must be a string")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":[],"auth":{"specName":"S","params":{}}}}}""", "'connectionSpec' has the wrong type")]
    [InlineData("""{"k":{"id":"i","etag":"e","inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S","params":[]}}}}""", "'params' has the wrong type")]
    [InlineData("""{"k":{"id":"i","etag":"e","secretParams":[1],"inputs":{"name":"N","connectionSpec":{"id":"s","version":"1"},"auth":{"specName":"S","params":{}}}}}""", "'secretParams' must hold strings")]
    [InlineData("""{"k":"not an object"}""", "missing 'inputs'")]
    [InlineData("""{"k":null}""", "missing 'inputs'")]
    public void An_unreadable_entry_names_its_key_and_field(string json, string problem)
    {
        var error = Assert.Throws<FormatException>(() => RecordedStateJson.FromJson(JsonNode.Parse(json)!.AsObject()));
        Assert.Equal($"recorded state of 'k' is not readable: {problem}", error.Message);
    }
}
