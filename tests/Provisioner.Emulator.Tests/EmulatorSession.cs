using System.Text;
using Provisioner.Emulator;

namespace Provisioner.Emulator.Tests;

/// <summary>An in-process emulator on loopback plus a raw HttpClient that talks to it like a real client would
/// (<see cref="EmulatorHttp"/>: IMS token over HTTP, then the gateway headers): the emulator's own tests check its
/// wire behaviour, so they send hand-made requests instead of going through the typed client of
/// <see cref="EmulatorClientHarness"/>.</summary>
internal sealed class EmulatorSession(EmulatorHost host, HttpClient http, string token) : IAsyncDisposable
{
    public const string MixpanelSpec = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";

    public EmulatorHost Host { get; } = host;
    public HttpClient Http { get; } = http;
    public string Token { get; } = token;
    public string Sandbox { get; set; } = "prod";

    public static async Task<EmulatorSession> StartAsync(EmulatorOptions? options = null)
    {
        var host = await EmulatorHost.StartAsync(options ?? new EmulatorOptions());
        var http = new HttpClient { BaseAddress = host.BaseAddress };
        var token = await EmulatorHttp.FetchTokenAsync(http, host.Options.ClientId, host.Options.ClientSecret);
        return new EmulatorSession(host, http, token);
    }

    /// <summary>A Flow Service request with all gateway headers; <paramref name="path"/> is relative to the Flow Service base.</summary>
    public HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, "data/foundation/flowservice" + path);
        EmulatorHttp.AddGatewayHeaders(request.Headers, Token, Host.Options.ClientId, Host.Options.OrgId, Sandbox);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return request;
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await Http.SendAsync(request);
            return ((int)response.StatusCode, await ReadJsonAsync(response), response);
        }
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? ifMatch = null) =>
        SendAsync(Request(method, path, body, ifMatch));

    public static JsonObject MixpanelBody(string name, string password = "s3cret-pw", string? description = null)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["connectionSpec"] = new JsonObject { ["id"] = MixpanelSpec, ["version"] = "1.0" },
            ["auth"] = new JsonObject
            {
                ["specName"] = "Basic Authentication",
                ["params"] = new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "user", ["password"] = password },
            },
        };
        if (description is not null) body["description"] = description;
        return body;
    }

    public async Task<(string Id, string Etag)> CreateAsync(JsonObject body)
    {
        var (status, json, _) = await SendAsync(HttpMethod.Post, "/connections", body);
        Assert.True(status == 201, $"create failed: {status} {json}");
        return ((string)json!["id"]!, (string)json["etag"]!);
    }

    public Task<(string Id, string Etag)> CreateMixpanelAsync(string name, string password = "s3cret-pw") => CreateAsync(MixpanelBody(name, password));

    public async Task<JsonObject> GetItemAsync(string id)
    {
        var (status, json, _) = await SendAsync(HttpMethod.Get, $"/connections/{id}");
        Assert.True(status == 200, $"get failed: {status} {json}");
        return (JsonObject)json!["items"]![0]!;
    }

    public static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

internal static class FlowAssert
{
    /// <summary>The response is a FLOW problem body with this code and status, and the report carries the request id.</summary>
    public static void Problem((int Status, JsonNode? Body, HttpResponseMessage Response) result, int code, int status, string? messageContains = null)
    {
        Assert.True(result.Status == status, $"expected {status}, got {result.Status}: {result.Body}");
        var body = result.Body!;
        Assert.Equal($"https://ns.adobe.com/aep/errors/FLOW-{code}-{status}", (string?)body["type"]);
        Assert.Equal(status, (int)body["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["title"]));
        Assert.Equal(result.Response.Headers.GetValues("x-request-id").Single(), (string?)body["report"]!["request-id"]);
        Assert.Equal((string?)body["errorMessage"], (string?)body["report"]!["detailed-message"]);
        Assert.NotNull(body["errorDetails"]);
        if (messageContains is not null) Assert.Contains(messageContains, (string)body["errorMessage"]!, StringComparison.Ordinal);
    }

    public static void Gateway((int Status, JsonNode? Body, HttpResponseMessage Response) result, int status, string errorCode)
    {
        Assert.True(result.Status == status, $"expected {status}, got {result.Status}: {result.Body}");
        Assert.Equal(errorCode, (string?)result.Body!["error_code"]);
        Assert.False(string.IsNullOrEmpty((string?)result.Body["message"]));
    }
}
