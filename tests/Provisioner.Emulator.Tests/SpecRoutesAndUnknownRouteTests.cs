namespace Provisioner.Emulator.Tests;

/// <summary><c>/connectionSpecs/{id}/explore</c>, <c>/connectionSpecs/{id}/configs</c>, the answer for routes the
/// emulator does not serve, and <c>limit</c> on <c>/connections</c>.</summary>
public class SpecRoutesAndUnknownRouteTests : EmulatorSessionTests
{
    private const string GoogleCloudStorage = "32e8f412-cdf7-464c-9885-78184cb113fd";
    private const string DataLake = "23598e46-f560-407b-88d5-ea6207e49db0";

    [Fact]
    public async Task Exploring_a_storage_spec_lists_folders_and_files()
    {
        var (status, body, _) = await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{GoogleCloudStorage}/explore?objectType=root");
        Assert.Equal(200, status);
        var items = Assert.IsType<JsonArray>(body);
        Assert.Contains(items, i => (string)i!["type"]! == "folder");
        Assert.Contains(items, i => (string)i!["type"]! == "file");
    }

    [Fact]
    public async Task Exploring_a_spec_without_objectType_or_that_cannot_be_explored_is_a_400()
    {
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{GoogleCloudStorage}/explore"), 1337, 400);
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{DestinationTests.DataLandingZone}/explore?objectType=root"), 1336, 400);
    }

    [Fact]
    public async Task Exploring_or_configuring_an_unknown_spec_is_not_found()
    {
        const string unknown = "6f7c9a2e-0000-4000-8000-000000000000";
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{unknown}/explore?objectType=root"), 1101, 404);
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{unknown}/configs"), 1101, 404);
    }

    [Fact]
    public async Task Configs_without_outputType_is_the_sources_OAS_array()
    {
        var (status, body, _) = await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{EmulatorSession.MixpanelSpec}/configs");
        Assert.Equal(200, status);
        Assert.Empty(Assert.IsType<JsonArray>(body));
    }

    [Fact]
    public async Task Activation_datasets_of_the_data_lake_spec_page_with_start_and_limit()
    {
        const string query = "outputType=activationDatasets&outputField=datasets";
        var all = (JsonArray)(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{DataLake}/configs?{query}")).Body!["items"]!;
        Assert.Equal(3, all.Count);
        var page = (JsonArray)(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{DataLake}/configs?{query}&start=1&limit=1")).Body!["items"]!;
        Assert.Equal((string)all[1]!["id"]!, (string)Assert.Single(page)!["id"]!);
        var other = (JsonArray)(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{DestinationTests.S3Destination}/configs?{query}")).Body!["items"]!;
        Assert.Empty(other);
    }

    [Theory]
    [InlineData("outputType=activationDatasets", 1337)]
    [InlineData("outputType=activationDatasets&outputField=datasets&limit=101", 1440)]
    [InlineData("outputType=activationDatasets&outputField=datasets&limit=0", 1440)]
    [InlineData("outputType=activationDatasets&outputField=datasets&start=-1", 1440)]
    public async Task Configs_enforces_the_destinations_OAS_parameters(string query, int code)
    {
        FlowAssert.Problem(await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{DataLake}/configs?{query}"), code, 400);
    }

    [Theory]
    [InlineData("GET", "/connections/{id}/unknown", 404)]
    [InlineData("GET", "/sourceConnections/{id}/unknown", 404)]
    [InlineData("GET", "/nothing/here", 404)]
    [InlineData("DELETE", "/connections", 404)]
    public async Task An_unserved_route_is_a_distinct_error_never_the_missing_resource_code(string method, string path, int status)
    {
        var (id, _) = await Session.CreateMixpanelAsync("exists");
        var result = await Session.SendAsync(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal));
        FlowAssert.Problem(result, 9404, status, "No such endpoint");
        Assert.Equal(200, (await Session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Status);
    }
}
