using System.Security.Cryptography;
using System.Text;

namespace Provisioner.Emulator.Ims;

/// <summary><c>POST /ims/token/v3</c>: the OAuth server-to-server client-credentials exchange (reference §3).</summary>
internal static class ImsEndpoints
{
    public const string TokenPath = EmulatorPaths.ImsToken;

    public static void MapIms(this IEndpointRouteBuilder app) => app.MapPost(TokenPath, async (HttpContext context, TokenIssuer issuer, EmulatorOptions options) =>
    {
        // Parameters may come in the form body (recommended) or the query string.
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        string? Param(string name)
        {
            var value = form?[name].ToString();
            if (string.IsNullOrEmpty(value)) value = context.Request.Query[name].ToString();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        context.Response.Headers.CacheControl = "no-store";
        var grantType = Param("grant_type");
        var clientId = Param("client_id");
        var clientSecret = Param("client_secret");
        if (grantType is null || clientId is null || clientSecret is null)
        {
            var missing = string.Join(", ", new[] { ("grant_type", grantType), ("client_id", clientId), ("client_secret", clientSecret) }
                .Where(p => p.Item2 is null).Select(p => p.Item1));
            return Error(400, "invalid_request", $"missing required parameter(s): {missing}");
        }

        if (grantType != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
        }

        // Constant-time comparison: the emulator is a test double, but it should not model a timing leak.
        if (!FixedEquals(clientId, options.ClientId) || !FixedEquals(clientSecret, options.ClientSecret))
        {
            return Error(401, "invalid_client", "invalid client_id or client_secret");
        }

        var (token, lifetime) = issuer.Issue(clientId);
        return Results.Json(new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "bearer",
            ["expires_in"] = (long)lifetime.TotalSeconds,
        });
    });

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
