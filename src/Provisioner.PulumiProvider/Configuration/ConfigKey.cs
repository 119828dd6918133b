namespace Provisioner.PulumiProvider.Configuration;

/// <summary>One provider configuration key: its name (stack config <c>aep:&lt;Name&gt;</c>), environment fallback,
/// default, and whether it is secret. The schema's config section is written from the same list.</summary>
public sealed record ConfigKey(string Name, string EnvironmentVariable, string? Default, bool Secret, string Description)
{
    public const string Package = "aep";

    public static readonly ConfigKey Endpoint = new("endpoint", "AEP_ENDPOINT", FlowServiceOptions.DefaultEndpoint, false,
        "Base URL of the Adobe Experience Platform gateway; the Flow Service is under /data/foundation/flowservice. " +
        "http:// is accepted only for loopback addresses (the local emulator).");
    public static readonly ConfigKey ImsEndpoint = new("imsEndpoint", "AEP_IMS_ENDPOINT", FlowServiceOptions.DefaultImsEndpoint, false,
        "Base URL of Adobe IMS, where client credentials are exchanged for an access token (/ims/token/v3).");
    public static readonly ConfigKey ClientId = new("clientId", "AEP_CLIENT_ID", null, false,
        "Client id of the Adobe Developer Console OAuth server-to-server credential; also sent as x-api-key.");
    public static readonly ConfigKey ClientSecret = new("clientSecret", "AEP_CLIENT_SECRET", null, true,
        "Client secret of the OAuth server-to-server credential. Set it with `pulumi config set --secret aep:clientSecret`.");
    public static readonly ConfigKey OrgId = new("orgId", "AEP_ORG_ID", null, false,
        "IMS organization id (…@AdobeOrg), sent as x-gw-ims-org-id. Connections live in one org and sandbox.");
    public static readonly ConfigKey SandboxName = new("sandboxName", "AEP_SANDBOX_NAME", "prod", false,
        "Sandbox the connections live in, sent as x-sandbox-name.");
    public static readonly ConfigKey AccessToken = new("accessToken", "AEP_ACCESS_TOKEN", null, true,
        "A ready IMS access token, used instead of the client-credentials exchange (clientId is still needed as the API key).");

    public static readonly IReadOnlyList<ConfigKey> All = [Endpoint, ImsEndpoint, ClientId, ClientSecret, OrgId, SandboxName, AccessToken];

    /// <summary>Keys whose change moves the provider to a different org/sandbox/service: every connection must be replaced.</summary>
    public static readonly IReadOnlyList<ConfigKey> ReplaceOnChange = [Endpoint, OrgId, SandboxName];

    /// <summary>The engine's own key for the plugin version; reserved, passed through untouched.</summary>
    public const string VersionKey = "version";

    /// <summary>The key as the user sets it: <c>aep:clientId</c> (what ConfigureErrorMissingKeys must name).</summary>
    public string PulumiName => Package + ":" + Name;

    /// <summary>Maps any spelling the engine uses (<c>clientId</c>, <c>aep:clientId</c>, <c>aep:config:clientId</c>) to the bare name.</summary>
    public static string Normalize(string key)
    {
        if (key.StartsWith(Package + ":config:", StringComparison.Ordinal))
        {
            return key[(Package.Length + 8)..];
        }
        return key.StartsWith(Package + ":", StringComparison.Ordinal) ? key[(Package.Length + 1)..] : key;
    }

    public static ConfigKey? Find(string bareName) => All.FirstOrDefault(k => k.Name == bareName);
}
