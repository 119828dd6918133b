using System.Net;
using System.Net.Sockets;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>
/// Issue 9 item 2: Check, Diff and preview Create/Update of both resources make zero network calls (IMS included).
/// The provider points at a loopback port where a listener only counts connection attempts and hangs up: a preview
/// must succeed and leave the count at zero.
/// </summary>
public sealed class OfflinePreviewTests : IAsyncLifetime, IDisposable
{
    /// <summary>The repo's example file plus a spec with typed params and a spec the embedded catalog does not know:
    /// preview must not reach out for any of them.</summary>
    private static readonly string Definitions = SetDriver.ExampleDefinitions + """

          sftp:
            name: SFTP drop
            source: sftp
            auth:
              specName: Basic Authentication for sftp
              params: { host: sftp.example.com, port: 22, userName: u, password: { secret: sftpPassword } }
          newer-source:
            name: A source the embedded catalog does not know yet
            connectionSpec: { id: 11111111-2222-3333-4444-555555555555 }
            auth: { specName: Whatever, params: { anything: 1 } }
        """;

    private readonly TcpListener _unreachable = new(IPAddress.Loopback, 0);
    private int _attempts;
    private InProcessPlugin _plugin = null!;
    private Driver _driver = null!;
    private SetDriver _set = null!;

    public async Task InitializeAsync()
    {
        _unreachable.Start();
        _ = CountAttemptsAsync();
        _plugin = await InProcessPlugin.StartAsync();
        _driver = new Driver(_plugin.Client);
        _set = new SetDriver(_plugin.Client);
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)_unreachable.LocalEndpoint).Port}";
        await _driver.ConfigureAsync(Values.Struct(
            ("endpoint", S(endpoint)), ("imsEndpoint", S(endpoint)), ("clientId", S("client")), ("clientSecret", S("secret")),
            ("orgId", S("ORG@AdobeOrg")), ("sandboxName", S("prod")), ("version", S("0.1.0"))));
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        _unreachable.Stop();
    }

    public void Dispose() => _unreachable.Dispose();

    private async Task CountAttemptsAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _unreachable.AcceptTcpClientAsync();
                Interlocked.Increment(ref _attempts);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    [Fact]
    public async Task Set_Check_Diff_and_preview_Create_Update_make_no_call()
    {
        var secrets = new Dictionary<string, string>
        {
            ["mixpanelPassword"] = "p", ["s3LandingSecretKey"] = "k", ["salesforcePassword"] = "sp", ["salesforceSecurityToken"] = "st",
            ["sftpPassword"] = "s",
        };
        var check = await _set.CheckAsync(SetDriver.News(Definitions, secrets));
        Assert.Empty(check.Failures);

        var created = await _set.CreateAsync(check.Inputs, preview: true);
        Assert.Equal(["mixpanel", "newer-source", "s3-landing", "salesforce-crm", "sftp"],
            created.Properties.Fields["connections"].StructValue.Fields.Keys.Order());

        // As if an earlier up had recorded nothing yet: Diff and a preview Update plan every key as a create.
        _set.Record("set-id", check.Inputs, Values.Struct(("retainOnRemove", Value.ForBool(false)), ("parallelism", Value.ForNumber(8))));
        var diff = await _set.DiffAsync(check.Inputs);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        Assert.Contains("connections[\"sftp\"]", diff.DetailedDiff.Keys);
        await _set.UpdateAsync(check.Inputs, preview: true);

        Assert.Equal(0, Volatile.Read(ref _attempts));
    }

    [Fact]
    public async Task BaseConnection_Check_Diff_and_preview_Create_Update_make_no_call()
    {
        var check = await _driver.CheckAsync(Driver.Mixpanel("p"));
        Assert.Empty(check.Failures);
        var preview = await _driver.CreateAsync(check.Inputs, preview: true);
        Assert.Equal(Unknown, preview.Properties.Fields["etag"].StringValue);

        var outputs = preview.Properties.Clone();
        outputs.Fields["etag"] = S("\"etag\"");
        var changed = (await _driver.CheckAsync(Driver.Mixpanel("p", description: "new"))).Inputs;
        var diff = await _driver.DiffAsync("id", outputs, check.Inputs, changed);
        Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
        await _driver.UpdateAsync("id", outputs, check.Inputs, changed, preview: true);

        Assert.Equal(0, Volatile.Read(ref _attempts));
    }

    [Fact]
    public async Task Pipeline_resources_Check_Diff_and_preview_Create_Update_make_no_call()
    {
        var resources = new (string Type, Struct News, Struct Changed)[]
        {
            ("aep:flowservice:SourceConnection",
                Struct(("name", S("events")), ("baseConnectionId", UnknownValue), ("connectionSpec", Obj(("id", S(Driver.MixpanelSpec)))), ("params", Obj(("projectId", S("1"))))),
                Struct(("name", S("events")), ("baseConnectionId", S("base-id")), ("connectionSpec", Obj(("id", S(Driver.MixpanelSpec)))), ("params", Obj(("projectId", S("2")))))),
            ("aep:flowservice:TargetConnection",
                Struct(("name", S("dataset")), ("connectionSpec", Obj(("id", S("c604ff05-7f1a-43c0-8e18-33bf874cb11c")))), ("params", Obj(("dataSetId", S("d1"))))),
                Struct(("name", S("dataset")), ("connectionSpec", Obj(("id", S("c604ff05-7f1a-43c0-8e18-33bf874cb11c")))), ("params", Obj(("dataSetId", S("d2")))))),
            ("aep:flowservice:Dataflow",
                Struct(("name", S("flow")), ("flowSpec", Obj(("id", S("6499120c-0b15-42dc-936e-847ea3c24d72")))),
                    ("sourceConnectionIds", Value.ForList(UnknownValue)), ("targetConnectionIds", Value.ForList(UnknownValue))),
                Struct(("name", S("flow")), ("description", S("new")), ("flowSpec", Obj(("id", S("6499120c-0b15-42dc-936e-847ea3c24d72")))),
                    ("sourceConnectionIds", Value.ForList(S("s"))), ("targetConnectionIds", Value.ForList(S("t"))), ("enabled", Value.ForBool(false)))),
        };
        foreach (var (type, news, changed) in resources)
        {
            var driver = new Driver(_plugin.Client, "r", type);
            var check = await driver.CheckAsync(news);
            Assert.Empty(check.Failures);
            var preview = await driver.CreateAsync(check.Inputs, preview: true);
            Assert.Equal(Unknown, preview.Properties.Fields["etag"].StringValue);

            // A recorded resource (known inputs) whose program now gives unknown ids: Diff and a preview Update.
            var recorded = (await driver.CheckAsync(changed)).Inputs;
            var outputs = recorded.Clone();
            outputs.Fields["etag"] = S("\"etag\"");
            var diff = await driver.DiffAsync("id", outputs, recorded, check.Inputs);
            Assert.Equal(DiffResponse.Types.DiffChanges.DiffSome, diff.Changes);
            await driver.UpdateAsync("id", outputs, recorded, check.Inputs, preview: true);
        }

        Assert.Equal(0, Volatile.Read(ref _attempts));
    }
}
