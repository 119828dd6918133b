using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Provisioner.FlowService.Resilience;

/// <summary>
/// The resilience pipeline of every client call: an overall time limit, then jittered exponential retries of
/// transient failures (429 honouring Retry-After, 408, 5xx, timeouts, lost connections), then a per-attempt limit.
/// The retry is Microsoft.Extensions.Http.Resilience's <see cref="HttpRetryStrategyOptions"/> (its transient
/// predicate, and its Retry-After reading in both RFC 9110 forms); only the POST rule is ours: a Flow Service POST is
/// retried only after a 429 (refused before processing), because it is not idempotent and a lost-but-committed
/// create would be duplicated.
/// </summary>
internal static class FlowServiceResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, FlowServiceOptions options, bool retryPost)
    {
        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = options.TotalRequestTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            // Exponential backoff with jitter and ShouldRetryAfterHeader are the options' defaults.
            var retry = new HttpRetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.TotalRequestTimeout,
                OnRetry = args =>
                {
                    args.Context.GetRequestMessage()?.Options.Set(RequestMarks.Retried, true);
                    return default;
                },
            };
            var retryAfter = retry.DelayGenerator
                ?? throw new InvalidOperationException("HttpRetryStrategyOptions no longer reads Retry-After by default.");
            retry.ShouldHandle = async args =>
                ShouldRetry(args.Outcome, args.Context, retryPost)
                && FitsBudget(await retryAfter(new(args.Context, args.Outcome, args.AttemptNumber)).ConfigureAwait(false), options);
            pipeline.AddRetry(retry);
        }

        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, bool retryPost)
    {
        var request = context.GetRequestMessage() ?? outcome.Result?.RequestMessage;
        if (request is null)
        {
            return false;
        }

        if (request.Method == HttpMethod.Post && !retryPost)
        {
            // A create is not idempotent, so only a refusal that provably never reached the service is retried:
            // a 429 is the gateway's rate limit, answered before the request is processed. Anything that may have
            // committed (5xx, timeout, reset) goes back to the caller, who must look the connection up by name.
            return outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests };
        }

        // 501 and 505 say the service will never do this; retrying cannot help. A bare IOException is a lost
        // connection from a handler that did not wrap it.
        return outcome.Result is not { StatusCode: HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported }
            && (outcome.Exception is IOException || HttpClientResiliencePredicates.IsTransient(outcome));
    }

    // A wait longer than the whole budget cannot succeed; report the failure now instead of timing out later.
    private static bool FitsBudget(TimeSpan? retryAfter, FlowServiceOptions options) =>
        retryAfter is not { } wait || wait < options.TotalRequestTimeout;
}
