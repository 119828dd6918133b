namespace Provisioner.Emulator.Tests;

public class SpecAndExploreTests : EmulatorSessionTests
{
    [Fact]
    public async Task Connection_spec_by_id_is_wrapped_in_items_with_auth_schemas()
    {
        var (status, body, _) = await Session.SendAsync(HttpMethod.Get, "/connectionSpecs/26d738e0-8963-47ea-aadf-c60de735468a");

        Assert.Equal(200, status);
        var spec = Assert.Single(body!["items"]!.AsArray())!;
        Assert.Equal("mysql", (string?)spec["name"]);
        Assert.Equal("0ed90a81-07f4-4586-8190-b40eccef1c5a", (string?)spec["providerId"]);
        Assert.Equal("1.0", (string?)spec["version"]);
        Assert.Equal("Databases", (string?)spec["attributes"]!["category"]);
        Assert.Equal("MySQL", (string?)spec["attributes"]!["connectorName"]);
        Assert.True((bool)spec["attributes"]!["isSource"]!);
        var auth = spec["authSpec"]!.AsArray().Single(a => (string?)a!["name"] == "Connection String Based Authentication")!;
        Assert.Equal("connectionStringAuth", (string?)auth["type"]);
        Assert.Equal("password", (string?)auth["spec"]!["properties"]!["connectionString"]!["format"]);
        Assert.Equal(["connectionString"], auth["spec"]!["required"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task Connection_specs_can_be_listed_and_filtered_by_quoted_name()
    {
        var all = await Session.SendAsync(HttpMethod.Get, "/connectionSpecs");
        Assert.True(all.Body!["items"]!.AsArray().Count >= 20);
        var mysql = await Session.SendAsync(HttpMethod.Get, "/connectionSpecs?property=" + Uri.EscapeDataString("name==\"mysql\""));
        Assert.Equal("26d738e0-8963-47ea-aadf-c60de735468a", (string?)Assert.Single(mysql.Body!["items"]!.AsArray())!["id"]);
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, "/connectionSpecs?property=category==x"), 1443, 400);
    }

    [Fact]
    public async Task Unknown_connection_spec_is_404()
    {
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, "/connectionSpecs/00000000-0000-0000-0000-000000000000"), 1101, 404);
    }

    [Fact]
    public async Task Explore_root_of_a_storage_source_shows_folders_and_files()
    {
        var (id, _) = await Session.CreateAsync(new JsonObject
        {
            ["name"] = "s3",
            ["connectionSpec"] = new JsonObject { ["id"] = "ecadc60c-7455-4d87-84dc-2a0e293d997b", ["version"] = "1.0" },
            ["auth"] = new JsonObject { ["specName"] = "Access Key", ["params"] = new JsonObject { ["s3AccessKey"] = "a", ["s3SecretKey"] = "s" } },
        });

        var (status, body, _) = await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/explore?objectType=root");

        Assert.Equal(200, status);
        var items = body!.AsArray();
        Assert.Contains(items, i => (string?)i!["type"] == "folder");
        Assert.Contains(items, i => (string?)i!["type"] == "file" && (bool)i["canPreview"]!);
        Assert.All(items, i => Assert.StartsWith("/", (string?)i!["path"], StringComparison.Ordinal));
        var folder = await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/explore?objectType=FOLDER&object=/landing");
        Assert.All(folder.Body!.AsArray(), i => Assert.StartsWith("/landing/", (string?)i!["path"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explore_root_of_a_database_source_shows_tables()
    {
        var (id, _) = await Session.CreateMixpanelAsync("mp");
        var (status, body, _) = await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/explore?objectType=ROOT");
        Assert.Equal(200, status);
        Assert.All(body!.AsArray(), i => Assert.Equal("table", (string?)i!["type"]));
    }

    [Fact]
    public async Task Explore_errors_missing_object_type_unsupported_source_and_unknown_connection()
    {
        var (id, _) = await Session.CreateMixpanelAsync("mp");
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/explore"), 1337, 400, "objectType");
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/explore?objectType=planet"), 1337, 400);
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, "/connections/nope/explore?objectType=root"), 1101, 404);

        var (streaming, _) = await Session.CreateAsync(new JsonObject
        {
            ["name"] = "stream",
            ["connectionSpec"] = new JsonObject { ["id"] = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb" },
            ["auth"] = new JsonObject { ["specName"] = "Streaming Connection", ["params"] = new JsonObject { ["sourceId"] = "s", ["dataType"] = "xdm", ["name"] = "n" } },
        });
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connections/{streaming}/explore?objectType=root"), 1336, 400);
    }
}
