using System.Net.Http.Headers;
using Provisioner.FlowService.Json;

namespace Provisioner.FlowService.Auth;

/// <summary>
/// Adobe IMS OAuth server-to-server: <c>POST {ims}/ims/token/v3</c> with the client credentials. The token is kept
/// in memory until <c>expires_in − TokenRefreshMargin</c>; concurrent callers that find it stale share one exchange
/// (single flight) instead of each asking IMS.
/// </summary>
internal sealed class ImsAccessTokenSource : IAccessTokenSource, IDisposable
{
    public const string HttpClientName = "Provisioner.FlowService.Ims";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly FlowServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile CachedToken? _current;

    public ImsAccessTokenSource(IHttpClientFactory httpClientFactory, IOptions<FlowServiceOptions> options, TimeProvider time)
    {
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _time = time;
    }

    public bool CanRefresh => true;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_current) is { } token)
        {
            return token;
        }

        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the gate before us may have refreshed already.
            if (Fresh(_current) is { } refreshed)
            {
                return refreshed;
            }

            var issued = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            _current = issued;
            return issued.Value;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public void Invalidate(string rejectedToken)
    {
        var current = _current;
        if (current is not null && string.Equals(current.Value, rejectedToken, StringComparison.Ordinal))
        {
#pragma warning disable CS0420 // Interlocked gives the volatile semantics itself.
            Interlocked.CompareExchange(ref _current, null, current);
#pragma warning restore CS0420
        }
    }

    public void Dispose() => _refreshGate.Dispose();

    private string? Fresh(CachedToken? token) => token is not null && _time.GetUtcNow() < token.RenewAt ? token.Value : null;

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var operation = FlowOperation.ImsToken;
        var secrets = new SecretSet();
        secrets.Add(_options.ClientSecret);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ImsBase(), "ims/token/v3"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", _options.ClientId!),
                new("client_secret", _options.ClientSecret!),
                new("scope", _options.Scope),
            ]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(FlowOperation.Key, operation);
        request.Options.Set(SecretSet.Key, secrets);

        var http = _httpClientFactory.CreateClient(HttpClientName);
        using var response = await FlowServiceTransport.SendAsync(http, operation, request, TotalTimeout, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FlowServiceErrors.FromResponseAsync(operation, response, secrets, cancellationToken).ConfigureAwait(false);
        }

        var body = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.ImsTokenResponse, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(body.AccessToken))
        {
            throw FlowServiceErrors.Malformed(operation, response, "the token response has no access_token");
        }

        if (body.ExpiresIn is not > 0)
        {
            throw FlowServiceErrors.Malformed(operation, response, "the token response has no positive expires_in");
        }

        var lifetime = TimeSpan.FromSeconds(body.ExpiresIn.Value);
        // A margin larger than the lifetime would make every call fetch a new token; renew at half-life instead.
        var usable = lifetime > _options.TokenRefreshMargin ? lifetime - _options.TokenRefreshMargin : lifetime / 2;
        return new CachedToken(body.AccessToken, _time.GetUtcNow() + usable);
    }

    private TimeSpan TotalTimeout => _options.TotalRequestTimeout;

    private Uri ImsBase()
    {
        var text = _options.ImsEndpoint.AbsoluteUri;
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);
}
