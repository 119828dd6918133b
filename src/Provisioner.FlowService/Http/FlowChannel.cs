namespace Provisioner.FlowService.Http;

/// <summary>
/// How every Flow Service call goes out and comes back, whatever the collection: the route under the service base,
/// the operation and secrets marked on the request for the handlers, "not found" told apart from "wrong sandbox",
/// every other failure turned into a <see cref="FlowServiceException"/>, and continuation links resolved safely.
/// </summary>
internal sealed class FlowChannel
{
    private readonly HttpClient _http;
    private readonly FlowServiceOptions _options;

    public FlowChannel(HttpClient http, FlowServiceOptions options)
    {
        _http = http;
        _options = options;
        Base = FlowServiceEndpoints.FlowServiceBase(options.Endpoint);
    }

    /// <summary>The Flow Service base, with a trailing slash.</summary>
    public Uri Base { get; }

    public Uri Route(string path) => new(Base, path);

    public Uri Route(string prefix, string id, string suffix = "") => new(Base, prefix + Uri.EscapeDataString(id) + suffix);

    /// <summary>The client's own credentials, to scrub from anything the service echoes.</summary>
    public SecretSet NewSecrets() => RequestSecrets.Of(_options);

    /// <summary>Sends a request that carries a body (and the <paramref name="secrets"/> in it): the successful
    /// response, or a <see cref="FlowServiceException"/>.</summary>
    public async Task<HttpResponseMessage> SendOrThrowAsync(FlowOperation operation, HttpRequestMessage message, SecretSet secrets, CancellationToken cancellationToken)
    {
        var response = await SendAsync(operation, message, secrets, cancellationToken).ConfigureAwait(false);
        try
        {
            await FlowResponses.ThrowIfFailedAsync(operation, response, secrets, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>A GET whose every failure throws.</summary>
    public async Task<HttpResponseMessage> GetAsync(FlowOperation operation, Uri route, CancellationToken cancellationToken) =>
        await SendWithoutBodyAsync(operation, HttpMethod.Get, route, notFoundMeansAbsent: false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{operation.Name} gave no response.");

    /// <summary>
    /// A request without a body (so without secrets of its own): the successful response, or null when
    /// <paramref name="notFoundMeansAbsent"/> and the service says the resource does not exist (a 404 that means "wrong
    /// sandbox" is not that, see <see cref="FlowResponses.IsResourceNotFoundAsync"/>). Any other failure throws.
    /// </summary>
    public async Task<HttpResponseMessage?> SendWithoutBodyAsync(FlowOperation operation, HttpMethod method, Uri route, bool notFoundMeansAbsent, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, route);
        var response = await SendAsync(operation, message, NewSecrets(), cancellationToken).ConfigureAwait(false);
        try
        {
            if (notFoundMeansAbsent && await FlowResponses.IsResourceNotFoundAsync(response, cancellationToken).ConfigureAwait(false))
            {
                response.Dispose();
                return null;
            }

            await FlowResponses.ThrowIfFailedAsync(operation, response, NewSecrets(), cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Sends as is; the caller reads the status (the connection test keeps rejections as results).</summary>
    public Task<HttpResponseMessage> SendAsync(FlowOperation operation, HttpRequestMessage message, SecretSet secrets, CancellationToken cancellationToken)
    {
        message.Options.Set(FlowOperation.Key, operation);
        message.Options.Set(SecretSet.Key, secrets);
        return FlowServiceTransport.SendAsync(_http, operation, message, _options.TotalRequestTimeout, cancellationToken);
    }

    /// <summary>The next page of a list of <paramref name="collection"/>, or null on the last page.</summary>
    public Uri? NextPage(FlowOperation operation, HttpResponseMessage response, string? href, FlowCollection collection)
    {
        try
        {
            return FlowServiceEndpoints.ResolveNext(Base, href, collection);
        }
        catch (Exception ex) when (ex is InvalidOperationException or UriFormatException)
        {
            throw FlowServiceErrors.Malformed(operation, response, $"unusable next-page link: {ex.Message}");
        }
    }
}
