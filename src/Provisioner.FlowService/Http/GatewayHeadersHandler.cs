using System.Net.Http.Headers;

namespace Provisioner.FlowService.Http;

/// <summary>The headers the Adobe I/O gateway requires on every Flow Service call besides the bearer token.</summary>
internal sealed class GatewayHeadersHandler(IOptions<FlowServiceOptions> options) : DelegatingHandler
{
    private readonly FlowServiceOptions _options = options.Value;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Set(request, "x-api-key", _options.ClientId!);
        Set(request, "x-gw-ims-org-id", _options.OrgId!);
        Set(request, "x-sandbox-name", _options.SandboxName);
        if (request.Headers.Accept.Count == 0)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
