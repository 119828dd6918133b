namespace Provisioner.FlowService.Configuration;

/// <summary>
/// Checks options before the first request so that a misconfiguration fails at creation with a message that says
/// which setting is wrong. Messages name settings, never their secret values.
/// </summary>
internal sealed class FlowServiceOptionsValidator : IValidateOptions<FlowServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowServiceOptions options)
    {
        var failures = Problems(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static void ThrowIfInvalid(FlowServiceOptions options)
    {
        var failures = Problems(options).ToList();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid Flow Service client options: " + string.Join(" ", failures), nameof(options));
        }
    }

    private static IEnumerable<string> Problems(FlowServiceOptions o)
    {
        if (TransportGuard.Check(nameof(o.Endpoint), o.Endpoint) is { } endpoint)
        {
            yield return endpoint;
        }

        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            yield return $"{nameof(o.ClientId)} is required (it is also sent as x-api-key).";
        }

        if (string.IsNullOrWhiteSpace(o.OrgId))
        {
            yield return $"{nameof(o.OrgId)} is required (sent as x-gw-ims-org-id, e.g. ...@AdobeOrg).";
        }

        if (string.IsNullOrWhiteSpace(o.SandboxName))
        {
            yield return $"{nameof(o.SandboxName)} is required (sent as x-sandbox-name, e.g. prod).";
        }

        if (string.IsNullOrEmpty(o.AccessToken))
        {
            if (string.IsNullOrEmpty(o.ClientSecret))
            {
                yield return $"No credentials: set {nameof(o.ClientSecret)} (OAuth server-to-server) or {nameof(o.AccessToken)} (a ready token).";
            }
            else if (TransportGuard.Check(nameof(o.ImsEndpoint), o.ImsEndpoint) is { } ims)
            {
                yield return ims;
            }

            if (string.IsNullOrWhiteSpace(o.Scope))
            {
                yield return $"{nameof(o.Scope)} must not be empty for the OAuth server-to-server exchange.";
            }
        }

        if (o.TokenRefreshMargin < TimeSpan.Zero)
        {
            yield return $"{nameof(o.TokenRefreshMargin)} must not be negative.";
        }

        // Polly's timeout strategy accepts 10 ms .. 24 h; say so here rather than fail later inside the pipeline.
        if (!IsTimeoutInRange(o.AttemptTimeout) || !IsTimeoutInRange(o.TotalRequestTimeout))
        {
            yield return $"{nameof(o.AttemptTimeout)} and {nameof(o.TotalRequestTimeout)} must be between 10 ms and 24 h.";
        }
        else if (o.AttemptTimeout > o.TotalRequestTimeout)
        {
            yield return $"{nameof(o.AttemptTimeout)} ({o.AttemptTimeout}) must not exceed {nameof(o.TotalRequestTimeout)} ({o.TotalRequestTimeout}).";
        }

        if (o.MaxRetryAttempts < 0)
        {
            yield return $"{nameof(o.MaxRetryAttempts)} must not be negative.";
        }

        if (o.RetryBaseDelay < TimeSpan.Zero || o.RetryBaseDelay > TimeSpan.FromDays(1))
        {
            yield return $"{nameof(o.RetryBaseDelay)} must be between 0 and 24 h.";
        }
    }

    private static bool IsTimeoutInRange(TimeSpan timeout) =>
        timeout >= TimeSpan.FromMilliseconds(10) && timeout <= TimeSpan.FromDays(1);
}
