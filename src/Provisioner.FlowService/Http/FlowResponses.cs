namespace Provisioner.FlowService.Http;

/// <summary>What a Flow Service answer means before its body is read: a failure to raise, or "not there".</summary>
internal static class FlowResponses
{
    public static async Task ThrowIfFailedAsync(FlowOperation operation, HttpResponseMessage response, SecretSet secrets, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            // The request's own set also holds the bearer token the handler attached.
            var requestSecrets = response.RequestMessage is { } request ? SecretSet.Of(request) : secrets;
            throw await FlowServiceErrors.FromResponseAsync(operation, response, requestSecrets, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A 404 normally means the resource does not exist. Flow's sandbox codes (FLOW-2100/2101/2103/2106-404) also
    /// answer 404 but mean "wrong sandbox": treating those as "gone" would make a refresh forget live resources.
    /// </summary>
    public static async Task<bool> IsResourceNotFoundAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            return false;
        }

        var body = ErrorBody.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), null);
        return body.Code is null || !body.Code.StartsWith("FLOW-21", StringComparison.Ordinal);
    }
}
