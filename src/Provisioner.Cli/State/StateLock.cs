using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.Cli.State;

/// <summary>Who holds a state lock, as printed to whoever waits and as <c>force-unlock</c> names it.</summary>
internal sealed record LockInfo(string Id, string Who, int Pid, string Host, string Command, DateTimeOffset Since)
{
    public override string ToString() =>
        $"lock {Id}: {Who} (pid {Pid} on {Host}) running '{Command}' since {Since.ToLocalTime():yyyy-MM-dd HH:mm:ss zzz}";

    public JsonObject ToJson() => new()
    {
        ["id"] = Id, ["who"] = Who, ["pid"] = Pid, ["host"] = Host, ["command"] = Command, ["since"] = Since.ToString("O"),
    };

    /// <summary>The info file's content, or null when it is missing or unreadable (a holder that has not written it yet).</summary>
    public static LockInfo? TryRead(string path)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject json)
            {
                return null;
            }
            return new LockInfo((string)json["id"]!, (string)json["who"]!, (int)json["pid"]!, (string)json["host"]!, (string)json["command"]!,
                DateTimeOffset.Parse((string)json["since"]!, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException
            or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }
}

/// <summary>
/// The lock of one state file (Terraform's model): <c>plan</c>, <c>apply</c> and <c>refresh</c> take it before
/// anything else, so two runs on one state never plan against the same recorded state and duplicate connections.
/// The lock itself is an OS file lock (<see cref="FileShare.None"/> — <c>flock</c> on Unix, a share lock on
/// Windows) on <c>&lt;state&gt;.lock</c>: it holds across processes and the OS drops it when its process dies, however
/// it dies. Beside it, <c>&lt;state&gt;.lock.json</c> says who holds it (the locked file cannot be read by others).
/// An info file found while the OS lock is free was left by a process that died: on this host it is taken over with
/// a message; from another host (a shared folder, where OS locks may not reach) it needs <c>force-unlock ID</c>.
/// Not covered: separate state folders and other machines — shared state belongs in a Pulumi backend.
/// </summary>
internal sealed class StateLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly FileStream _handle;
    private readonly string _infoPath;

    private StateLock(FileStream handle, string infoPath, LockInfo info)
    {
        _handle = handle;
        _infoPath = infoPath;
        Info = info;
    }

    public LockInfo Info { get; }

    public static string LockPath(string statePath) => statePath + ".lock";

    public static string InfoPath(string statePath) => statePath + ".lock.json";

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> while another process holds it.</summary>
    /// <param name="display">How messages name the state file.</param>
    /// <param name="notices">Where waiting and takeover messages go (stderr).</param>
    /// <exception cref="CliException">Still held after the timeout (the message names the holder), or left by another host.</exception>
    public static async Task<StateLock> AcquireAsync(string statePath, string display, string command, TimeSpan timeout, TextWriter notices,
        CancellationToken cancellationToken)
    {
        PrivateFile.CreateDirectory(Path.GetDirectoryName(statePath)!);
        var infoPath = InfoPath(statePath);
        var waited = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            if (TryLock(statePath) is { } handle)
            {
                try
                {
                    return TakeOver(handle, infoPath, display, command, notices);
                }
                catch
                {
                    handle.Dispose();
                    throw;
                }
            }
            var holder = LockInfo.TryRead(infoPath);
            var who = holder?.ToString() ?? "another process (it has not said who yet)";
            if (waited.Elapsed >= timeout)
            {
                throw new CliException($"{display} is locked by {who}. Waited {Describe(timeout)} (--lock-timeout); run again when it has "
                    + $"finished. A lock whose process is gone is taken over by itself; for one left by another machine: aep-provision force-unlock {holder?.Id ?? "ID"}");
            }
            if (!announced)
            {
                announced = true;
                await notices.WriteLineAsync($"waiting for the lock of {display}, held by {who} (up to {Describe(timeout)}, --lock-timeout)").ConfigureAwait(false);
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the info of a lock whose process cannot release it (another machine's, or a crashed run's).
    /// The OS lock of a process that still runs on this host cannot be broken: that process must be stopped.</summary>
    public static string ForceUnlock(string statePath, string display, string id)
    {
        var infoPath = InfoPath(statePath);
        var holder = LockInfo.TryRead(infoPath);
        if (holder is null && !File.Exists(infoPath))
        {
            throw new CliException($"{display} is not locked (no {Path.GetFileName(infoPath)}); nothing to unlock");
        }
        if (holder is not null && !string.Equals(holder.Id, id, StringComparison.Ordinal))
        {
            throw new CliException($"{display}: the lock is {holder}, not {id}; nothing was changed");
        }
        using var handle = TryLock(statePath);
        if (handle is null)
        {
            throw new CliException($"{display}: {(object?)holder ?? "the lock"} is held by a process that is still running on this machine; "
                + $"stop it (kill {holder?.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "PID"}) and its lock goes with it — "
                + "force-unlock cannot break a live process's OS lock");
        }
        File.Delete(infoPath);
        return $"{display}: removed {(object?)holder ?? "the unreadable lock info"}.";
    }

    private static StateLock TakeOver(FileStream handle, string infoPath, string display, string command, TextWriter notices)
    {
        // The OS lock is ours. An info file still there was left by a holder that never released (a crash, kill -9):
        // on this host its process is gone (the OS dropped its lock), so it is stale; from another host we cannot know.
        if (LockInfo.TryRead(infoPath) is { } left)
        {
            if (!string.Equals(left.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"{display} is locked by {left} — another machine, whose process this one cannot check. "
                    + $"If that run is over: aep-provision force-unlock {left.Id}");
            }
            notices.WriteLine($"note: took over the stale lock of {display} ({left}): "
                + (IsRunning(left.Pid) ? "that process no longer holds it" : "that process is gone"));
        }
        var info = new LockInfo(Guid.NewGuid().ToString("D"), Environment.UserName, Environment.ProcessId, Environment.MachineName, command,
            DateTimeOffset.Now);
        PrivateFile.WriteAtomically(infoPath, stream => JsonSerializer.Serialize(stream, info.ToJson()));
        return new StateLock(handle, infoPath, info);
    }

    private static FileStream? TryLock(string statePath)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            return new FileStream(LockPath(statePath), options);
        }
        catch (IOException e) when (e is not (DirectoryNotFoundException or PathTooLongException or FileNotFoundException))
        {
            return null; // held by another process (EWOULDBLOCK on Unix, a sharing violation on Windows)
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static string Describe(TimeSpan duration) =>
        duration.TotalSeconds >= 60 && duration.Seconds == 0 ? $"{duration.TotalMinutes:0.#} min" : $"{duration.TotalSeconds:0.#} s";

    /// <summary>Info first, then the OS lock: a waiter that gets the lock never sees this run's info and takes it for stale.
    /// The lock file itself stays: deleting it would let a waiter hold a lock on a file no longer in the folder.</summary>
    public void Dispose()
    {
        try
        {
            if (LockInfo.TryRead(_infoPath)?.Id == Info.Id)
            {
                File.Delete(_infoPath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the next run finds it with the OS lock free and takes it over as stale
        }
        finally
        {
            _handle.Dispose();
        }
    }
}
