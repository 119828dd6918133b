namespace Provisioner.FlowService.Tests.Support;

public static class Clock
{
    /// <summary>Moves fake time forward in small steps until <paramref name="task"/> finishes, so delays and
    /// timers scheduled on the fake clock fire in order; returns how much fake time passed.</summary>
    public static async Task<TimeSpan> RunAsync(this FakeTimeProvider time, Task task, TimeSpan step, TimeSpan limit)
    {
        var start = time.GetUtcNow();
        while (!task.IsCompleted && time.GetUtcNow() - start < limit)
        {
            await Task.Delay(1);
            time.Advance(step);
        }

        await task;
        return time.GetUtcNow() - start;
    }
}
