namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// infra/connections.yaml as it is, through the set as infra/Main.yaml declares it (issue 13): the three base
/// connections and the Mixpanel → dataset pipeline on them, each object once and wired by the ids the service gave,
/// and a second up writes nothing. (The connection-level behaviour is ConnectionSetTests'.)
/// </summary>
public sealed class ExampleFileSetTests : ConfiguredPluginTest
{
    private readonly Dictionary<string, string> _secrets = new()
    {
        ["mixpanelPassword"] = Canary.New("mixpanel"),
        ["s3LandingSecretKey"] = Canary.New("s3"),
        ["salesforcePassword"] = Canary.New("sfdc"),
        ["salesforceSecurityToken"] = Canary.New("token"),
    };

    [Fact]
    public async Task The_example_file_creates_its_connections_and_pipeline_once_and_a_second_up_writes_nothing()
    {
        var set = new SetDriver(Client);
        var check = await set.CheckAsync(SetDriver.News(SetDriver.ExampleFile, _secrets));
        Assert.Empty(check.Failures);

        var created = await set.CreateAsync(check.Inputs);

        Assert.Equal(6, Service.Journal.Writes.Count(w => w.Method == "POST"));
        var connections = SetDriver.Ids(created.Properties);
        Assert.Equal(["mixpanel", "s3-landing", "salesforce-crm"], connections.Keys.Order(StringComparer.Ordinal));
        var source = Single(created.Properties, "sourceConnections", "mixpanel-events", "sourceConnections");
        var target = Single(created.Properties, "targetConnections", "events-dataset", "targetConnections");
        var flow = Single(created.Properties, "dataflows", "mixpanel-to-dataset", "flows");
        Assert.Equal(connections["mixpanel"], source.Text("baseConnectionId"));
        Assert.Equal([source.Id], flow.Texts("sourceConnectionIds"));
        Assert.Equal([target.Id], flow.Texts("targetConnectionIds"));
        Assert.Equal("5f1ef9ffb7d8a4194bf4ee2b", target.Text("params.dataSetId"));

        Service.Journal.Clear();
        var again = await set.CheckAsync(SetDriver.News(SetDriver.ExampleFile, _secrets));
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffNone, (await set.DiffAsync(again.Inputs)).Changes);
        Assert.Empty(Service.Journal.Writes);
    }

    /// <summary>The one stored object of <paramref name="collection"/>, which the set's <paramref name="output"/>
    /// map records under <paramref name="key"/>.</summary>
    private Provisioner.Emulator.Store.StoredResource Single(Struct outputs, string output, string key, string collection)
    {
        var stored = Assert.Single(Service.GetStoredResources(collection));
        Assert.Equal(stored.Id, outputs.Fields[output].StructValue.Fields[key].StructValue.Fields["id"].StringValue);
        return stored;
    }
}
