using Provisioner.Emulator.Catalog;

namespace Provisioner.Emulator.Tests;

public class CreateConnectionTests : EmulatorSessionTests
{
    [Fact]
    public async Task Create_returns_201_with_id_quoted_etag_and_location()
    {
        var (status, body, response) = await Session.SendAsync(HttpMethod.Post, "/connections", EmulatorSession.MixpanelBody("Mixpanel base connection"));

        Assert.Equal(201, status);
        var id = (string)body!["id"]!;
        var etag = (string)body["etag"]!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.StartsWith("\"", etag, StringComparison.Ordinal);
        Assert.EndsWith("\"", etag, StringComparison.Ordinal);
        Assert.Equal($"/data/foundation/flowservice/connections/{id}", response.Headers.Location!.OriginalString);
        var stored = Assert.Single(Session.Host.GetStoredConnections());
        Assert.Equal(id, stored.Id);
        Assert.Equal("s3cret-pw", stored.AuthParams["password"].GetString());
    }

    [Fact]
    public async Task Two_creates_with_the_same_name_make_two_connections()
    {
        var a = await Session.CreateMixpanelAsync("same");
        var b = await Session.CreateMixpanelAsync("same");
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(2, Session.Host.GetStoredConnections().Count);
    }

    public static TheoryData<string, int, string> InvalidBodies => new()
    {
        { "", 1405, "empty" },
        { "   ", 1405, "empty" },
        { "{not json", 1405, "not valid JSON" },
        { "[]", 1405, "JSON object" },
        { "{}", 1304, "connectionSpec" },
        { """{"connectionSpec":{"id":"00000000-0000-0000-0000-000000000000"},"name":"x"}""", 1413, "00000000-0000-0000-0000-000000000000" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb","version":"9.9"},"name":"x"}""", 1413, "9.9" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"auth":{"specName":"Basic Authentication","params":{}}}""", 1304, "name" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x"}""", 1304, "auth" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x","auth":{"params":{}}}""", 1304, "auth.specName" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x","auth":{"specName":"OAuth"}}""", 1415, "'OAuth'" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x","auth":{"specName":"Basic Authentication"}}""", 1304, "auth.params" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x","auth":{"specName":"Basic Authentication","params":{"host":"h","username":"u"}}}""", 1304, "auth.params.password" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x","auth":{"specName":"Basic Authentication","params":{"host":"h","username":"u","password":""}}}""", 1304, "auth.params.password" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x","auth":{"specName":"Basic Authentication","params":{"host":"h","username":"u","password":42}}}""", 1303, "auth.params.password" },
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":7,"auth":{"specName":"Basic Authentication","params":{}}}""", 1303, "name" },
        { """{"connectionSpec":{"id":"b7bf2577-4520-42c9-bae9-cad01560f7bc"},"name":"x","auth":{"specName":"Basic Authentication for sftp","params":{"host":"h","userName":"u","password":"p","port":"22"}}}""", 1303, "auth.params.port" },
        { """{"connectionSpec":{"id":"bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb"},"name":"x","auth":{"specName":"Streaming Connection","params":{"sourceId":"s","dataType":"csv","name":"n"}}}""", 1303, "xdm, raw" },
        // A null param is an absent one; an integer param takes no fraction (JSON Schema's "integer").
        { """{"connectionSpec":{"id":"fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"},"name":"x","auth":{"specName":"Basic Authentication","params":{"host":"h","username":"u","password":null}}}""", 1304, "auth.params.password" },
        { """{"connectionSpec":{"id":"b7bf2577-4520-42c9-bae9-cad01560f7bc"},"name":"x","auth":{"specName":"Basic Authentication for sftp","params":{"host":"h","userName":"u","password":"p","port":22.5}}}""", 1303, "auth.params.port" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_bodies_get_the_documented_FLOW_codes_and_nothing_is_stored(string json, int code, string mentions)
    {
        using var request = Session.Request(HttpMethod.Post, "/connections");
        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        FlowAssert.Problem(await Session.SendAsync(request), code, 400, mentions);
        Assert.Empty(Session.Host.GetStoredConnections());
    }

    [Fact]
    public async Task A_pattern_mismatch_is_rejected_without_echoing_the_secret_value()
    {
        var body = new JsonObject
        {
            ["name"] = "mysql",
            ["connectionSpec"] = new JsonObject { ["id"] = "26d738e0-8963-47ea-aadf-c60de735468a" },
            ["auth"] = new JsonObject
            {
                ["specName"] = "Connection String Based Authentication",
                ["params"] = new JsonObject { ["connectionString"] = "not-a-connection-string-SECRETVALUE" },
            },
        };
        var result = await Session.SendAsync(HttpMethod.Post, "/connections", body);
        FlowAssert.Problem(result, 1303, 400, "auth.params.connectionString");
        Assert.DoesNotContain("SECRETVALUE", result.Body!.ToJsonString(), StringComparison.Ordinal);

        body["auth"]!["params"]!["connectionString"] = "Server=db;Port=3306;Database=d;Uid=u;Pwd=p;";
        Assert.Equal(201, (await Session.SendAsync(HttpMethod.Post, "/connections", body)).Status);
    }

    public static TheoryData<string, string> EveryAuthSpec()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in ConnectionSpecCatalog.LoadEmbedded().Sources)
        {
            foreach (var auth in source.AuthSpecs) data.Add(source.Alias, auth.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryAuthSpec))]
    public async Task Every_catalog_auth_spec_accepts_its_required_params_and_masks_its_secrets(string alias, string authSpecName)
    {
        var source = ConnectionSpecCatalog.LoadEmbedded().FindByAlias(alias)!;
        var auth = source.FindAuthSpec(authSpecName)!;
        var parameters = new JsonObject();
        foreach (var p in auth.Params.Where(p => p.Required))
        {
            parameters[p.Name] = SampleValue(p);
        }

        var (id, _) = await Session.CreateAsync(new JsonObject
        {
            ["name"] = $"{alias} connection",
            ["connectionSpec"] = new JsonObject { ["id"] = source.Id, ["version"] = source.Version },
            ["auth"] = new JsonObject { ["specName"] = auth.Name, ["params"] = parameters },
        });

        var item = await Session.GetItemAsync(id);
        foreach (var p in auth.Params.Where(p => p.Required))
        {
            var served = item["auth"]!["params"]![p.Name]!.ToJsonString();
            if (p.Secret) Assert.Equal("\"xxxx\"", served);
            else Assert.Equal(SampleValue(p)!.ToJsonString(), served);
        }
    }

    private static JsonValue? SampleValue(CatalogParam p) => p switch
    {
        { Enum: { Count: > 0 } values } => JsonValue.Create(values[0]),
        { Pattern: not null } => JsonValue.Create("Server=db;Port=3306;Database=d;Uid=u;Pwd=p;"),
        { Type: "integer" } => JsonValue.Create(22),
        { Type: "number" } => JsonValue.Create(1.5),
        { Type: "boolean" } => JsonValue.Create(true),
        _ => JsonValue.Create($"value-of-{p.Name}"),
    };
}
