using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace Provisioner.Emulator.Tests;

/// <summary>Representative response bodies, pinned with Snapshooter (<c>__snapshots__/</c>). Volatile values
/// (ids, etags, request ids) are replaced by placeholders; times come from a fake clock and are normalized too.</summary>
public class SnapshotTests : EmulatorSessionTests
{
    private static readonly HashSet<string> VolatileKeys = ["createdAt", "updatedAt", "request-id", "access_token"];

    /// <summary>Replaces volatile values by placeholders: connection ids (any "id" that is not a catalog spec id),
    /// quoted etags/versions, times, request ids, tokens, and the given strings wherever they occur (e.g. etags inside
    /// error messages, continuation tokens).</summary>
    private static JToken Normalize(JsonNode? body, params string[] volatileStrings)
    {
        var json = body?.ToJsonString() ?? "null";
        foreach (var value in volatileStrings) json = json.Replace(value.Trim('"'), "<volatile>", StringComparison.Ordinal);
        return Scrub(JToken.Parse(json));
    }

    private static JToken Scrub(JToken token)
    {
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties().ToList())
                {
                    var text = property.Value.Type == JTokenType.String ? (string?)property.Value : null;
                    if (VolatileKeys.Contains(property.Name)
                        || (property.Name == "id" && text is not null && Catalog.ConnectionSpecCatalog.LoadEmbedded().FindById(text) is null)
                        || (property.Name is "etag" or "version" && text?.StartsWith('"') == true))
                    {
                        property.Value = $"<{property.Name}>";
                    }
                    else
                    {
                        Scrub(property.Value);
                    }
                }

                break;
            case JArray array:
                foreach (var item in array) Scrub(item);
                break;
        }

        return token;
    }

    private protected override EmulatorOptions Options =>
        new() { TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)) };

    [Fact]
    public async Task Create_response()
    {
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Post, "/connections", EmulatorSession.MixpanelBody("Mixpanel base connection"))).Body));
    }

    [Fact]
    public async Task Get_response_with_masked_secret()
    {
        var (id, _) = await Session.CreateAsync(EmulatorSession.MixpanelBody("Mixpanel base connection", description: "seed"));
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Body));
    }

    [Fact]
    public async Task List_page_with_next_link()
    {
        await Session.CreateMixpanelAsync("first");
        await Session.CreateMixpanelAsync("second");
        var body = (await Session.SendAsync(HttpMethod.Get, "/connections?limit=1&orderby=name")).Body!;
        var next = (string)body["_links"]!["next"]!["href"]!;
        Snapshot.Match(Normalize(body, next["/connections?continuationToken=".Length..]));
    }

    [Fact]
    public async Task Patch_precondition_failed()
    {
        var (id, etag) = await Session.CreateMixpanelAsync("x");
        var ops = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "y" });
        var current = (string)(await Session.SendAsync(HttpMethod.Patch, $"/connections/{id}", ops, etag)).Body!["etag"]!;
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Patch, $"/connections/{id}", ops.DeepClone(), etag)).Body, etag, current));
    }

    [Fact]
    public async Task Not_found()
    {
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, "/connections/6f7c9a2e-0000-4000-8000-000000000000")).Body));
    }

    [Fact]
    public async Task Missing_required_param()
    {
        var body = EmulatorSession.MixpanelBody("x");
        body["auth"]!["params"]!.AsObject().Remove("password");
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Post, "/connections", body)).Body));
    }

    [Fact]
    public async Task Connection_spec_mixpanel()
    {
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{EmulatorSession.MixpanelSpec}")).Body));
    }

    [Fact]
    public async Task Explore_root_of_cloud_storage()
    {
        var (id, _) = await Session.CreateAsync(new JsonObject
        {
            ["name"] = "gcs",
            ["connectionSpec"] = new JsonObject { ["id"] = "32e8f412-cdf7-464c-9885-78184cb113fd" },
            ["auth"] = new JsonObject { ["specName"] = "Basic Authentication for google-cloud", ["params"] = new JsonObject { ["accessKeyId"] = "a", ["secretAccessKey"] = "s" } },
        });
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/explore?objectType=root")).Body));
    }

    [Fact]
    public async Task Test_result_rejected()
    {
        var (id, _) = await Session.CreateMixpanelAsync("x");
        Session.Host.RejectCredentials(id);
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, $"/connections/{id}/test")).Body));
    }

    [Fact]
    public async Task Data_Landing_Zone_connection_without_auth()
    {
        var (id, _) = await Session.CreateAsync(DestinationTests.DataLandingZoneBody("Data Landing Zone export"));
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, $"/connections/{id}")).Body));
    }

    [Fact]
    public async Task Connection_spec_s3_destination()
    {
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, $"/connectionSpecs/{DestinationTests.S3Destination}")).Body));
    }

    [Fact]
    public async Task Explore_root_of_a_spec()
    {
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, "/connectionSpecs/32e8f412-cdf7-464c-9885-78184cb113fd/explore?objectType=root")).Body));
    }

    [Fact]
    public async Task Activation_datasets()
    {
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get,
            "/connectionSpecs/23598e46-f560-407b-88d5-ea6207e49db0/configs?outputType=activationDatasets&outputField=datasets&limit=2")).Body));
    }

    [Fact]
    public async Task No_such_endpoint()
    {
        Snapshot.Match(Normalize((await Session.SendAsync(HttpMethod.Get, "/connections/6f7c9a2e-0000-4000-8000-000000000000/unknown")).Body));
    }

    [Fact]
    public async Task Ims_token()
    {
        await using var host = await EmulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.PostAsync("ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "emulator-client-id", ["client_secret"] = "emulator-client-secret", ["scope"] = "openid",
        }));
        Snapshot.Match(Normalize(await EmulatorSession.ReadJsonAsync(response)));
    }
}
