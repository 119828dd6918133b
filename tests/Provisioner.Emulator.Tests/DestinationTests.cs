namespace Provisioner.Emulator.Tests;

/// <summary>Destination base connections over loopback: the OAS's own S3 example body, the other batch destination
/// specs, and the Data Landing Zone, whose spec takes no auth.</summary>
public class DestinationTests : EmulatorSessionTests
{
    public const string S3Destination = "4fce964d-3f37-408f-9778-e597338a21ee";
    public const string AzureBlobDestination = "6d6b59bf-fb58-4107-9064-4d246c0e5bb2";
    public const string DataLandingZone = "10440537-2a7b-4583-ac39-ed38d4b848e8";
    public const string SftpDestination = "36965a81-b1c6-401b-99f8-22508f1e6a26";

    /// <summary>A request example of destinations.yaml (components/examples/NAME/value), exactly as Adobe publishes it.</summary>
    public static JsonObject Example(string name) =>
        (JsonObject)YamlJson.ParseFile(Path.Combine(RepoRoot.AdobeOpenApiDirectory(), "destinations.yaml"))!["components"]!["examples"]![name]!["value"]!.DeepClone();

    public static JsonObject DataLandingZoneBody(string name) => new()
    {
        ["name"] = name,
        ["connectionSpec"] = new JsonObject { ["id"] = DataLandingZone, ["version"] = "1.0" },
    };

    [Theory]
    [InlineData("Create_S3_Base_Connection")]
    [InlineData("Create_SFTP_With_Password_Base_Connection")]
    [InlineData("Create_SFTP_With_SSH_Key_Base_Connection")]
    public async Task The_OAS_example_bodies_create_destination_connections(string example)
    {
        var body = Example(example);
        var (id, _) = await Session.CreateAsync(body);
        var item = await Session.GetItemAsync(id);
        Assert.Equal((string)body["connectionSpec"]!["id"]!, (string)item["connectionSpec"]!["id"]!);
        Assert.Equal((string)body["auth"]!["specName"]!, (string)item["auth"]!["specName"]!);
    }

    [Fact]
    public async Task Secret_params_of_a_destination_are_masked_on_read()
    {
        var (id, _) = await Session.CreateAsync(Example("Create_S3_Base_Connection"));
        var parameters = (await Session.GetItemAsync(id))["auth"]!["params"]!;
        Assert.Equal("xxxx", (string)parameters["s3SecretKey"]!);
        Assert.Equal("<Add access key>", (string)parameters["s3AccessKey"]!);
    }

    [Fact]
    public async Task Azure_Blob_destination_is_created_with_its_connection_string()
    {
        await Session.CreateAsync(new JsonObject
        {
            ["name"] = "blob export",
            ["connectionSpec"] = new JsonObject { ["id"] = AzureBlobDestination, ["version"] = "1.0" },
            ["auth"] = new JsonObject { ["specName"] = "ConnectionString", ["params"] = new JsonObject { ["connectionString"] = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k" } },
        });
    }

    [Fact]
    public async Task Data_Landing_Zone_is_created_without_auth_and_read_back_without_it()
    {
        var (id, _) = await Session.CreateAsync(DataLandingZoneBody("dlz"));
        var item = await Session.GetItemAsync(id);
        Assert.Null(item["auth"]);
        Assert.Equal(DataLandingZone, (string)item["connectionSpec"]!["id"]!);
    }

    [Fact]
    public async Task Data_Landing_Zone_with_auth_names_no_auth_spec()
    {
        var body = DataLandingZoneBody("dlz");
        body["auth"] = new JsonObject { ["specName"] = "Access Key", ["params"] = new JsonObject() };
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Post, "/connections", body), 1415, 400, "takes no auth");
    }

    [Fact]
    public async Task A_spec_that_needs_auth_still_rejects_a_body_without_it()
    {
        var body = Example("Create_S3_Base_Connection");
        body.Remove("auth");
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Post, "/connections", body), 1304, 400, "auth");
    }

    [Fact]
    public async Task A_destination_spec_with_a_source_auth_spec_name_is_rejected()
    {
        var body = Example("Create_S3_Base_Connection");
        body["auth"]!["specName"] = "Basic Authentication";
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Post, "/connections", body), 1415, 400, "'Access Key'");
    }

    [Fact]
    public async Task A_destination_connection_without_auth_cannot_be_patched_to_have_params()
    {
        var (id, etag) = await Session.CreateAsync(DataLandingZoneBody("dlz"));
        var ops = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/auth/params/x", ["value"] = "y" });
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Patch, $"/connections/{id}", ops, etag), 1455, 400, "takes no auth");
        var rename = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "dlz renamed" });
        Assert.Equal(200, (await Session.SendAsync(HttpMethod.Patch, $"/connections/{id}", rename, etag)).Status);
    }

    [Theory]
    [InlineData(S3Destination, true)]
    [InlineData(DataLandingZone, true)]
    [InlineData(EmulatorSession.MixpanelSpec, false)]
    public async Task Specs_say_whether_they_are_sources_or_destinations(string specId, bool isDestination)
    {
        var spec = (await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{specId}")).Body!["items"]![0]!;
        Assert.Equal(isDestination, (bool)spec["attributes"]!["isDestination"]!);
        Assert.Equal(!isDestination, (bool)spec["attributes"]!["isSource"]!);
    }

    [Fact]
    public async Task Every_batch_destination_the_catalog_holds_is_listed_with_its_spec_filter()
    {
        foreach (var id in new[] { S3Destination, AzureBlobDestination, DataLandingZone, SftpDestination, "be2c3209-53bc-47e7-ab25-145db8b873e1", "c5d93acb-ea8b-4b14-8f53-02138444ae99" })
        {
            var items = (JsonArray)(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs?property=id=={id}")).Body!["items"]!;
            Assert.Single(items);
        }
    }
}
