using Microsoft.Extensions.Time.Testing;
using Provisioner.FlowService.Resilience;

namespace Provisioner.FlowService.Tests.Unit;

/// <summary>The learnt send rate after 429s (issue 11), on a fake clock.</summary>
public class AdaptiveRateTests
{
    [Fact]
    public void Unpaced_until_the_first_429_then_cut_to_a_share_of_what_was_accepted()
    {
        var time = new FakeTimeProvider();
        var rate = new AdaptiveRate(time);
        for (var i = 0; i < 40; i++)
        {
            var (wait, sentAt) = rate.Reserve();
            Assert.Equal(TimeSpan.Zero, wait);
            rate.Observe(sentAt, throttled: false);
        }

        var (_, throttledAt) = rate.Reserve();
        time.Advance(TimeSpan.FromMilliseconds(10));
        rate.Observe(throttledAt, throttled: true);

        Assert.Equal(AdaptiveRate.Backoff * 40, rate.Rate, 3);
        // The next sends are spaced 1/rate apart.
        var first = rate.Reserve().Wait;
        var second = rate.Reserve().Wait;
        Assert.Equal(1 / rate.Rate, (second - first).TotalSeconds, 3);
    }

    [Fact]
    public void A_429_of_a_request_sent_before_the_cut_does_not_cut_again_but_a_later_one_does()
    {
        var time = new FakeTimeProvider();
        var rate = new AdaptiveRate(time);
        for (var i = 0; i < 20; i++)
        {
            rate.Observe(rate.Reserve().SentAt, throttled: false);
        }

        var inFlight = Enumerable.Range(0, 5).Select(_ => rate.Reserve().SentAt).ToArray();
        time.Advance(TimeSpan.FromMilliseconds(5));
        rate.Observe(inFlight[0], throttled: true);
        var afterCut = rate.Rate;
        foreach (var sentAt in inFlight.Skip(1))
        {
            rate.Observe(sentAt, throttled: true);
        }

        Assert.Equal(afterCut, rate.Rate);
        var (wait, later) = rate.Reserve();
        time.Advance(wait + TimeSpan.FromMilliseconds(1));
        rate.Observe(later, throttled: true);
        Assert.True(rate.Rate < afterCut);
    }

    [Fact]
    public void The_rate_grows_again_between_429s()
    {
        var time = new FakeTimeProvider();
        var rate = new AdaptiveRate(time);
        for (var i = 0; i < 10; i++)
        {
            rate.Observe(rate.Reserve().SentAt, throttled: false);
        }

        rate.Observe(rate.Reserve().SentAt, throttled: true);
        var cut = rate.Rate;
        time.Advance(AdaptiveRate.SlowStartDoubling);
        _ = rate.Reserve();

        Assert.Equal(cut * 2, rate.Rate, 3);
    }
}
