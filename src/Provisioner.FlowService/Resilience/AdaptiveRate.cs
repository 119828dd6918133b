namespace Provisioner.FlowService.Resilience;

/// <summary>
/// The send rate one client allows itself, learnt from the 429s it gets (issue 11). Unpaced until the first 429.
/// The first 429 sets the rate to what the service accepted in the last second — an underestimate, as the history is
/// short — and the rate then doubles every <see cref="SlowStartDoubling"/> while callers are waiting for it (TCP's
/// slow start). A later 429 cuts the rate to <see cref="Backoff"/> of itself (multiplicative decrease) but not below
/// <see cref="FloorShare"/> of the best second the service ever gave, after which it grows by
/// <see cref="IncreasePerSecond"/> of the cut rate each second (additive increase). Only a 429 of a request that took
/// its slot after the last cut counts: requests already on their way say nothing about the new rate.
/// </summary>
/// <remarks>
/// Hand-written because <c>System.Threading.RateLimiting</c>'s token bucket takes its rate once, at construction
/// (no way to change it while leases are queued), and Polly's rate limiter strategy rejects or queues but never learns
/// from the answers; pacing must also apply per attempt, inside Polly's retry, which a handler gives for free.
/// Callers poll for a slot (<see cref="TryAcquire"/>) instead of reserving one, so a grown rate helps those already
/// waiting. Concurrency stays bounded by the caller (the reconciler's MaxParallelism): pacing only ever delays a send.
/// </remarks>
internal sealed class AdaptiveRate(TimeProvider time)
{
    /// <summary>A 429 after the first cuts the rate to this share of itself.</summary>
    public const double Backoff = 0.8;
    /// <summary>A cut never goes below this share of the most requests the service ever accepted in one second.</summary>
    public const double FloorShare = 0.1;
    /// <summary>Growth after the first cut: doubles this often while callers wait, until the next 429.</summary>
    public static readonly TimeSpan SlowStartDoubling = TimeSpan.FromSeconds(0.25);
    /// <summary>Growth after later cuts: this share of the cut rate, per second, while callers wait.</summary>
    public const double IncreasePerSecond = 0.15;
    /// <summary>Above this the pacing is switched off again.</summary>
    public const double UnpacedAbove = 5000;
    /// <summary>Longest single wait before a caller looks at the rate again.</summary>
    public static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(20);
    private const double MinRate = 0.5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Queue<long> _accepted = new();
    private double _rate = double.PositiveInfinity;
    private double _increase;
    private double _peakAccepted;
    private bool _slowStart;
    private bool _limited;
    private long _lastGrowth;
    private long _nextSlot;
    private long _lastCut = long.MinValue;

    /// <summary>The current rate in requests per second; infinity while unpaced.</summary>
    public double Rate
    {
        get { lock (_gate) return _rate; }
    }

    /// <summary>Takes a send slot (returns zero) or says how long to wait before asking again. <paramref name="takenAt"/>
    /// marks the slot for <see cref="Observe"/>.</summary>
    public TimeSpan TryAcquire(out long takenAt)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            takenAt = now;
            Grow(now);
            if (double.IsPositiveInfinity(_rate))
            {
                return TimeSpan.Zero;
            }

            var interval = (long)(time.TimestampFrequency / _rate);
            if (now >= _nextSlot)
            {
                // At most one interval of catch-up: a late poll may not turn into a burst.
                _nextSlot = Math.Max(_nextSlot, now - interval) + interval;
                return TimeSpan.Zero;
            }

            _limited = true;
            var wait = time.GetElapsedTime(now, _nextSlot);
            return wait < MaxPoll ? wait : MaxPoll;
        }
    }

    /// <summary>Learns from one answer: <paramref name="throttled"/> for a 429 of the slot taken at <paramref name="takenAt"/>.</summary>
    public void Observe(long takenAt, bool throttled)
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
                _peakAccepted = Math.Max(_peakAccepted, _accepted.Count / Window.TotalSeconds);
                return;
            }

            var first = double.IsPositiveInfinity(_rate);
            if (takenAt <= _lastCut)
            {
                return; // on its way before the last cut: the same episode
            }

            var accepted = _accepted.Count / Window.TotalSeconds;
            // Never below a tenth of the best second the service gave us: 429s that have nothing to do with our rate
            // slow the client down, but cannot stall it.
            _rate = Math.Max(Math.Max(MinRate, FloorShare * _peakAccepted), first ? accepted : Backoff * _rate);
            _slowStart = first;
            _increase = IncreasePerSecond * _rate;
            _limited = false;
            _lastCut = now;
            _lastGrowth = now;
            _nextSlot = now + (long)(time.TimestampFrequency / _rate);
        }
    }

    /// <summary>Grows the rate for the time since the last call, if callers had to wait meanwhile (an idle client
    /// learns nothing about the limit, so its rate stays where it was).</summary>
    private void Grow(long now)
    {
        if (double.IsPositiveInfinity(_rate))
        {
            return;
        }

        var seconds = time.GetElapsedTime(_lastGrowth, now).TotalSeconds;
        _lastGrowth = now;
        if (!_limited)
        {
            return;
        }

        _limited = false;
        _rate = _slowStart ? _rate * Math.Pow(2, seconds / SlowStartDoubling.TotalSeconds) : _rate + (_increase * seconds);
        if (_rate > UnpacedAbove)
        {
            _rate = double.PositiveInfinity;
        }
    }
}
