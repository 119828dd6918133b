using System.Net.Http.Headers;

namespace Provisioner.FlowService.Auth;

/// <summary>
/// Puts <c>Authorization: Bearer</c> on every request. On a 401 it renews the token once and sends the request
/// again: a 401 comes from the gateway before the service ran, so repeating even a POST cannot duplicate anything.
/// </summary>
internal sealed class BearerTokenHandler(IAccessTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        Attach(request, token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !tokens.CanRefresh)
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate(token);
        var renewed = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        Attach(request, renewed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void Attach(HttpRequestMessage request, string token)
    {
        SecretSet.Of(request).Add(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
