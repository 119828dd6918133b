namespace Provisioner.Emulator;

/// <summary>One org's bucket of a <see cref="FaultKind.RateLimit"/> rule: refills continuously at the rule's rate up
/// to its burst. Not thread-safe: <see cref="FaultInjector"/> uses it under its lock.</summary>
internal sealed class TokenBucket(double perSecond, int burst, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _updated = now;

    /// <summary>Takes a token and returns null, or returns how long until one is available (nothing taken).</summary>
    public TimeSpan? TryTake(DateTimeOffset now)
    {
        var elapsed = Math.Max(0, (now - _updated).TotalSeconds);
        _tokens = Math.Min(burst, _tokens + elapsed * perSecond);
        _updated = now > _updated ? now : _updated;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return null;
        }
        return TimeSpan.FromSeconds((1 - _tokens) / perSecond);
    }
}
