using Provisioner.FlowService.Resilience;

namespace Provisioner.FlowService.Tests.Unit;

/// <summary>The learnt send rate after 429s (issue 11), on a fake clock.</summary>
public class AdaptiveRateTests
{
    /// <summary>A rate on <paramref name="time"/> after <paramref name="sends"/> sends the service accepted.</summary>
    private static AdaptiveRate AcceptedFor(int sends, FakeTimeProvider time)
    {
        var rate = new AdaptiveRate(time);
        for (var i = 0; i < sends; i++)
        {
            rate.TryAcquire(out var takenAt);
            rate.Observe(takenAt, throttled: false);
        }

        return rate;
    }

    [Fact]
    public void Unpaced_until_the_first_429_then_paced_at_what_the_service_accepted()
    {
        var time = new FakeTimeProvider();
        var rate = new AdaptiveRate(time);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(TimeSpan.Zero, rate.TryAcquire(out var takenAt));
            rate.Observe(takenAt, throttled: false);
        }

        rate.TryAcquire(out var throttledAt);
        time.Advance(TimeSpan.FromMilliseconds(10));
        rate.Observe(throttledAt, throttled: true);

        Assert.Equal(40, rate.Rate, 3);
        // The next send waits one interval (1/40 s), polling at most every MaxPoll.
        var wait = rate.TryAcquire(out _);
        Assert.Equal(AdaptiveRate.MaxPoll, wait);
        time.Advance(TimeSpan.FromSeconds(1 / 40.0));
        Assert.Equal(TimeSpan.Zero, rate.TryAcquire(out _));
        Assert.True(rate.TryAcquire(out _) > TimeSpan.Zero);
    }

    [Fact]
    public void A_429_of_a_request_sent_before_the_cut_does_not_cut_again_but_a_later_one_does()
    {
        var time = new FakeTimeProvider();
        var rate = AcceptedFor(20, time);

        var inFlight = new long[5];
        for (var i = 0; i < inFlight.Length; i++) rate.TryAcquire(out inFlight[i]);
        time.Advance(TimeSpan.FromMilliseconds(5));
        rate.Observe(inFlight[0], throttled: true);
        var afterCut = rate.Rate;
        foreach (var takenAt in inFlight.Skip(1))
        {
            rate.Observe(takenAt, throttled: true);
        }

        Assert.Equal(afterCut, rate.Rate);
        time.Advance(TimeSpan.FromSeconds(1.5)); // a second after the cut, and nothing accepted meanwhile
        Assert.Equal(TimeSpan.Zero, rate.TryAcquire(out var later));
        rate.Observe(later, throttled: true);
        Assert.Equal(AdaptiveRate.Backoff * afterCut, rate.Rate, 3);
    }

    [Fact]
    public void The_rate_grows_between_429s_only_while_callers_wait()
    {
        var time = new FakeTimeProvider();
        var rate = AcceptedFor(10, time);

        rate.TryAcquire(out var throttled);
        rate.Observe(throttled, throttled: true);
        var cut = rate.Rate;
        time.Advance(AdaptiveRate.SlowStartDoubling);
        rate.TryAcquire(out _); // idle until now: no growth
        Assert.Equal(cut, rate.Rate, 3);

        while (rate.TryAcquire(out _) == TimeSpan.Zero)
        {
            // take the slots that are due, until a caller has to wait…
        }
        time.Advance(AdaptiveRate.SlowStartDoubling);
        rate.TryAcquire(out _);
        Assert.Equal(cut * 2, rate.Rate, 3); // …so the rate doubles (slow start)
    }
}
