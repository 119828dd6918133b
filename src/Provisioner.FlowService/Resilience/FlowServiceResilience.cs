using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Provisioner.FlowService.Http;

namespace Provisioner.FlowService.Resilience;

/// <summary>
/// The resilience pipeline of every client call: an overall time limit, then jittered exponential retries of
/// transient failures (429 honouring Retry-After, 408, 5xx, timeouts, lost connections), then a per-attempt limit.
/// A Flow Service POST is retried only after a 429 (refused before processing): it is not idempotent, and a
/// lost-but-committed create would be duplicated.
/// </summary>
internal static class FlowServiceResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, FlowServiceOptions options, TimeProvider time, bool retryPost)
    {
        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = options.TotalRequestTimeout });

        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.TotalRequestTimeout,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options, time, retryPost)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter.Of(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    args.Context.GetRequestMessage()?.Options.Set(RequestMarks.Retried, true);
                    return default;
                },
            });
        }

        pipeline.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, FlowServiceOptions options, TimeProvider time, bool retryPost)
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
            return outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } refused && FitsBudget(refused, options, time);
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException;
        }

        var response = outcome.Result!;
        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => FitsBudget(response, options, time),
            HttpStatusCode.RequestTimeout => true,
            HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported => false,
            var status => (int)status >= 500,
        };
    }

    // A wait longer than the whole budget cannot succeed; report the 429 now instead of timing out later.
    private static bool FitsBudget(HttpResponseMessage response, FlowServiceOptions options, TimeProvider time) =>
        RetryAfter.Of(response, time) is not { } wait || wait < options.TotalRequestTimeout;
}
