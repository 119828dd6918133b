using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Core.Connections;
using Provisioner.Core.Reconciliation;
using Provisioner.Emulator;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Bench;

/// <summary>The one connection shape every benchmark creates (the seed's Mixpanel connection), N times over.</summary>
internal static class Fixtures
{
    public const string MixpanelSpecId = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";
    public const string AuthSpecName = "Basic Authentication";

    public static IReadOnlyList<KeyValuePair<string, string>> Params(string name) =>
    [
        new("host", "https://data.mixpanel.com"),
        new("username", "bench-" + name),
        new("password", "bench-password"),
    ];

    public static DesiredConnectionSet Desired(int count, string prefix) => DesiredConnectionSet.From(
        Enumerable.Range(0, count).Select(i =>
        {
            var name = $"{prefix}-{i:D5}";
            var parameters = new JsonObject();
            foreach (var (key, value) in Params(name)) parameters[key] = value;
            var connection = new DesiredConnection(name, null, new ConnectionSpecRef(MixpanelSpecId, "1.0"), AuthSpecName, parameters);
            return new DesiredEntry(name, connection, new HashSet<string>(StringComparer.Ordinal) { "password" });
        }));

    /// <summary>The product client over the emulator, with retry delays short enough not to hide in the figures.</summary>
    public static FlowServiceClientHandle Client(EmulatorHost emulator, bool adaptToRateLimits = true) => FlowServiceClientFactory.Create(new FlowServiceOptions
    {
        AdaptToRateLimits = adaptToRateLimits,
        Endpoint = emulator.BaseAddress,
        ImsEndpoint = emulator.BaseAddress,
        ClientId = emulator.Options.ClientId,
        ClientSecret = emulator.Options.ClientSecret,
        OrgId = emulator.Options.OrgId,
        SandboxName = "prod",
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
    });
}

/// <summary>The baseline: a plain HttpClient doing the bare POST /connections (and GET) with the same body and
/// headers the product client sends, nothing else — no retries, no token handling, no JSON models.</summary>
internal sealed class RawFlowServiceCalls : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _connections;

    public RawFlowServiceCalls(EmulatorHost emulator)
    {
        _http = new HttpClient();
        _connections = new Uri(emulator.FlowServiceAddress, "connections");
        var headers = _http.DefaultRequestHeaders;
        headers.Authorization = new AuthenticationHeaderValue("Bearer", emulator.IssueAccessToken());
        headers.Add("x-api-key", emulator.Options.ClientId);
        headers.Add("x-gw-ims-org-id", emulator.Options.OrgId);
        headers.Add("x-sandbox-name", "prod");
    }

    /// <summary>POST /connections; returns the new id.</summary>
    public async Task<string> CreateAsync(string name)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in Fixtures.Params(name)) parameters[key] = value;
        var body = new JsonObject
        {
            ["name"] = name,
            ["connectionSpec"] = new JsonObject { ["id"] = Fixtures.MixpanelSpecId, ["version"] = "1.0" },
            ["auth"] = new JsonObject { ["specName"] = Fixtures.AuthSpecName, ["params"] = parameters },
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(_connections, content);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"raw POST answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>GET /connections/{id}.</summary>
    public async Task GetAsync(string id)
    {
        using var response = await _http.GetAsync(new Uri(_connections + "/" + id));
        _ = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"raw GET answered {(int)response.StatusCode}");
    }

    public void Dispose() => _http.Dispose();
}
