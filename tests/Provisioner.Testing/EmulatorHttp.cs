using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Provisioner.Testing;

/// <summary>Talking to the emulator over raw HTTP as a real client would: the IMS token exchange, then the four
/// gateway headers on every Flow Service call. Shared by the in-process session and the out-of-process emulator.</summary>
public static class EmulatorHttp
{
    /// <summary>POSTs a client-credentials grant to <c>ims/token/v3</c> and returns the access token.</summary>
    public static async Task<string> FetchTokenAsync(HttpClient http, string clientId, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsync(new Uri("ims/token/v3", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["scope"] = "openid,AdobeID,read_organizations",
        }));
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
    }

    /// <summary>Bearer token, API key, org and sandbox: what the gateway requires on every Flow Service call.</summary>
    public static void AddGatewayHeaders(HttpRequestHeaders headers, string token, string clientId, string orgId, string sandbox)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        headers.Add("x-api-key", clientId);
        headers.Add("x-gw-ims-org-id", orgId);
        headers.Add("x-sandbox-name", sandbox);
    }
}
