using Provisioner.FlowService.Resilience;

namespace Provisioner.FlowService.Http;

/// <summary>Paces every attempt by the client's <see cref="AdaptiveRate"/> and tells it which answers were 429s.
/// Sits inside the retry, so retries are paced too; a no-op while no 429 has been seen.</summary>
internal sealed class RateAdaptationHandler(AdaptiveRate rate, TimeProvider time, IOptions<FlowServiceOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!options.Value.AdaptToRateLimits || SettlingCalls.Active)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        long sentAt;
        for (var wait = rate.TryAcquire(out sentAt); wait > TimeSpan.Zero; wait = rate.TryAcquire(out sentAt))
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        rate.Observe(sentAt, response.StatusCode == HttpStatusCode.TooManyRequests);
        return response;
    }
}
