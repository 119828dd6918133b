namespace Provisioner.FlowService.Resilience;

/// <summary>
/// The send rate one client allows itself, learnt from the 429s it gets (issue 11): unpaced until the first 429; then
/// requests are spaced at a rate that is cut multiplicatively on every new 429 (to <see cref="Backoff"/> of what the
/// service accepted in the last second) and grows between 429s — doubling every <see cref="SlowStartDoubling"/> after
/// the first cut, whose estimate rests on a too-short history (TCP's slow start), and by <see cref="IncreasePerSecond"/>
/// of itself each second after later cuts (additive increase). Only a 429 of a request sent after the last cut
/// counts: the requests already in flight when the limit was hit say nothing about the new rate.
/// </summary>
/// <remarks>
/// Hand-written because <c>System.Threading.RateLimiting</c>'s token bucket takes its rate once, at construction
/// (no way to change it while leases are queued), and Polly's rate limiter strategy rejects or queues but never learns
/// from the answers; pacing must also apply per attempt, inside Polly's retry, which a handler gives for free.
/// Concurrency stays bounded by the caller (the reconciler's MaxParallelism): pacing only ever delays a send.
/// </remarks>
internal sealed class AdaptiveRate(TimeProvider time)
{
    /// <summary>After a 429 the rate becomes this share of the rate the service just accepted.</summary>
    public const double Backoff = 0.85;
    /// <summary>Growth after the first cut: doubles this often until the next 429.</summary>
    public static readonly TimeSpan SlowStartDoubling = TimeSpan.FromSeconds(0.5);
    /// <summary>Growth after later cuts: this share of the current rate per second.</summary>
    public const double IncreasePerSecond = 0.05;
    /// <summary>Above this the pacing is switched off again (an idle or unlimited service).</summary>
    public const double UnpacedAbove = 2000;
    private const double MinRate = 0.5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Queue<long> _accepted = new();
    private double _rate = double.PositiveInfinity;
    private bool _slowStart;
    private long _lastGrowth;
    private long _nextSlot;
    private long _lastCut = long.MinValue;

    /// <summary>The current rate in requests per second; infinity while unpaced.</summary>
    public double Rate
    {
        get { lock (_gate) return _rate; }
    }

    /// <summary>Reserves the next send slot: how long to wait before sending, and the slot's timestamp.</summary>
    public (TimeSpan Wait, long SentAt) Reserve()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (double.IsPositiveInfinity(_rate))
            {
                return (TimeSpan.Zero, now);
            }

            Grow(now);
            if (double.IsPositiveInfinity(_rate))
            {
                return (TimeSpan.Zero, now);
            }

            var slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + (long)(time.TimestampFrequency / _rate);
            return (time.GetElapsedTime(now, slot), slot);
        }
    }

    /// <summary>Learns from one answer: <paramref name="throttled"/> for a 429, sent at <paramref name="sentAt"/>.</summary>
    public void Observe(long sentAt, bool throttled)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            while (_accepted.Count > 0 && time.GetElapsedTime(_accepted.Peek(), now) > Window)
            {
                _accepted.Dequeue();
            }

            if (!throttled)
            {
                _accepted.Enqueue(now);
                return;
            }

            if (sentAt <= _lastCut)
            {
                return; // in flight before the last cut: the same episode
            }

            var accepted = Math.Max(1, _accepted.Count) / Window.TotalSeconds;
            var first = double.IsPositiveInfinity(_rate);
            _rate = Math.Max(MinRate, Backoff * (first ? accepted : Math.Min(_rate, accepted)));
            _slowStart = first;
            _lastCut = now;
            _lastGrowth = now;
            _nextSlot = now + (long)(time.TimestampFrequency / _rate);
        }
    }

    private void Grow(long now)
    {
        var seconds = time.GetElapsedTime(_lastGrowth, now).TotalSeconds;
        _lastGrowth = now;
        _rate = _slowStart
            ? _rate * Math.Pow(2, seconds / SlowStartDoubling.TotalSeconds)
            : _rate * (1 + (IncreasePerSecond * seconds));
        if (_rate > UnpacedAbove)
        {
            _rate = double.PositiveInfinity;
        }
    }
}
