namespace Provisioner.FlowService;

/// <summary>Where the Flow Service is and who calls it. Bound from configuration or set in code.</summary>
public sealed class FlowServiceOptions
{
    public const string DefaultEndpoint = "https://platform.adobe.io";
    public const string DefaultImsEndpoint = "https://ims-na1.adobelogin.com";
    public const string FlowServicePath = "/data/foundation/flowservice";
    /// <summary>The scopes of the AEP API OAuth server-to-server credential.</summary>
    public const string DefaultScope = "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext";

    /// <summary>Platform gateway base URL; the client appends <see cref="FlowServicePath"/>.</summary>
    /// <value>Default <c>https://platform.adobe.io</c>.</value>
    public Uri Endpoint { get; set; } = new(DefaultEndpoint);

    /// <summary>Adobe IMS base URL (token endpoint <c>/ims/token/v3</c>).</summary>
    public Uri ImsEndpoint { get; set; } = new(DefaultImsEndpoint);

    /// <summary>Developer Console client id; also sent as <c>x-api-key</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Client secret for the OAuth server-to-server exchange. Secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A ready access token, used instead of the client-credentials exchange when set. Secret.</summary>
    public string? AccessToken { get; set; }

    /// <summary>IMS organization id, sent as <c>x-gw-ims-org-id</c> (e.g. <c>…@AdobeOrg</c>).</summary>
    public string? OrgId { get; set; }

    /// <summary>Sandbox, sent as <c>x-sandbox-name</c>.</summary>
    /// <value>Default <c>prod</c>.</value>
    public string SandboxName { get; set; } = "prod";

    /// <summary>OAuth scopes, comma-separated.</summary>
    public string Scope { get; set; } = DefaultScope;

    /// <summary>A token is renewed this long before its <c>expires_in</c> runs out.</summary>
    /// <value>Default 5 minutes.</value>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one HTTP attempt.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on one operation including its retries.</summary>
    /// <value>Default 2 minutes.</value>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of safe/idempotent calls (GET, PATCH with If-Match, DELETE) on 429, 5xx and timeouts.</summary>
    /// <value>Default 4.</value>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>Base delay of the jittered exponential backoff (a 429's <c>Retry-After</c> wins when present).</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a 429, space all of this client's requests at a rate learnt from the 429s (cut on each new
    /// 429, grown between them) instead of letting every other caller keep sending into the limit. No effect until
    /// the first 429. Never raises concurrency: it only delays sends.</summary>
    /// <value>Default true.</value>
    public bool AdaptToRateLimits { get; set; } = true;

    /// <summary>A copy, so a client built from these options is not changed by later edits of the caller's instance.</summary>
    internal FlowServiceOptions Clone()
    {
        var copy = new FlowServiceOptions();
        CopyTo(copy);
        return copy;
    }

    internal void CopyTo(FlowServiceOptions target)
    {
        target.Endpoint = Endpoint;
        target.ImsEndpoint = ImsEndpoint;
        target.ClientId = ClientId;
        target.ClientSecret = ClientSecret;
        target.AccessToken = AccessToken;
        target.OrgId = OrgId;
        target.SandboxName = SandboxName;
        target.Scope = Scope;
        target.TokenRefreshMargin = TokenRefreshMargin;
        target.AttemptTimeout = AttemptTimeout;
        target.TotalRequestTimeout = TotalRequestTimeout;
        target.MaxRetryAttempts = MaxRetryAttempts;
        target.RetryBaseDelay = RetryBaseDelay;
        target.AdaptToRateLimits = AdaptToRateLimits;
    }
}
