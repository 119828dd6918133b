using Google.Protobuf.WellKnownTypes;
using Provisioner.Emulator;
using Provisioner.PulumiProvider.Tests.Harness;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// Issue 9 item 1: a set whose definitions hold integer and boolean auth params (SFTP <c>port: 22</c>, Salesforce
/// <c>includeDeletedObjects: true</c>) creates, diffs as unchanged, updates one typed param and refreshes — with the
/// values typed on the wire (the emulator's stored body) and in the outputs. Before the fix, Create POSTed and then
/// crashed building the outputs, losing the connections it had made.
/// </summary>
public sealed class TypedParamsSetTests : IAsyncLifetime
{
    private const string Definitions = """
        connections:
          sftp-drop:
            name: SFTP partner drop
            source: sftp
            auth:
              specName: Basic Authentication for sftp
              params:
                host: sftp.example.com
                port: 22
                userName: partner
                password: { secret: sftpPassword }
                maxConcurrentConnections: 4
          salesforce-oauth:
            name: Salesforce OAuth
            source: salesforce
            auth:
              specName: OAuth2 Client Credential
              params:
                environmentUrl: https://example.my.salesforce.com
                clientId: aep-client
                clientSecret: { secret: salesforceClientSecret }
                apiVersion: "60.0"
                includeDeletedObjects: true
        """;

    private readonly Dictionary<string, string> _secrets = new()
    {
        ["sftpPassword"] = Canary.New("sftp"),
        ["salesforceClientSecret"] = Canary.New("sfdc"),
    };

    private EmulatorHost _emulator = null!;
    private InProcessPlugin _plugin = null!;
    private SetDriver _set = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync();
        _plugin = await InProcessPlugin.StartAsync();
        await new Driver(_plugin.Client).ConfigureAsync(Driver.EmulatorConfig(_emulator));
        _set = new SetDriver(_plugin.Client);
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    private async Task<Struct> CheckedAsync(string definitions)
    {
        var check = await _set.CheckAsync(SetDriver.News(definitions, _secrets));
        Assert.Empty(check.Failures);
        return check.Inputs;
    }

    /// <summary>The params the service holds for a connection, as the JSON it received.</summary>
    private IReadOnlyDictionary<string, System.Text.Json.JsonElement> StoredParams(string name) =>
        _emulator.GetStoredConnections().Single(c => c.Name == name).AuthParams;

    [Fact]
    public async Task Integer_and_boolean_params_create_diff_unchanged_update_and_refresh_typed()
    {
        var inputs = await CheckedAsync(Definitions);

        var created = await _set.CreateAsync(inputs);

        Assert.Equal(["salesforce-oauth", "sftp-drop"], SetDriver.Ids(created.Properties).Keys.Order());
        var sftp = StoredParams("SFTP partner drop");
        Assert.Equal("22", sftp["port"].GetRawText());
        Assert.Equal("4", sftp["maxConcurrentConnections"].GetRawText());
        Assert.Equal("true", StoredParams("Salesforce OAuth")["includeDeletedObjects"].GetRawText());
        var outputs = created.Properties.Fields["connections"].StructValue.Fields;
        Assert.Equal("SFTP partner drop", outputs["sftp-drop"].StructValue.Fields["name"].StringValue);

        var unchanged = await _set.DiffAsync(await CheckedAsync(Definitions));
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffNone, unchanged.Changes);

        _emulator.Journal.Clear();
        var edited = Definitions.Replace("port: 22", "port: 2222", StringComparison.Ordinal);
        var editedInputs = await CheckedAsync(edited);
        var diff = await _set.DiffAsync(editedInputs);
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        await _set.UpdateAsync(editedInputs);
        Assert.Single(_emulator.Journal.Writes, w => w.Method == "PATCH");
        Assert.Equal("2222", StoredParams("SFTP partner drop")["port"].GetRawText());

        await _set.RefreshAsync();
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffNone, (await _set.DiffAsync(editedInputs)).Changes);
    }
}
