using System.Diagnostics;
using System.Text;
using Provisioner.Testing;

namespace Provisioner.Cli.Tests;

/// <summary>
/// <c>aep-provision</c> as a real process (<c>dotnet aep-provision.dll …</c> from the test's output folder) in a
/// workspace's folder with only the workspace's environment for AEP settings — for what needs a process boundary:
/// OS file locks between processes, and real SIGINT/SIGTERM.
/// </summary>
internal sealed class CliProcess : IAsyncDisposable
{
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process) => _process = process;

    public string Out { get { lock (_out) return _out.ToString(); } }

    public string Error { get { lock (_error) return _error.ToString(); } }

    public static CliProcess Start(CliWorkspace workspace, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workspace.Directory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aep-provision.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("AEP_", StringComparison.Ordinal)).ToArray())
        {
            info.Environment.Remove(name); // only the workspace's settings reach the process
        }
        foreach (var (name, value) in workspace.Environment) info.Environment[name] = value;
        ChildSignals.PrepareForInterrupt();
        var started = new CliProcess(Process.Start(info)!);
        started._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (started._out) started._out.AppendLine(e.Data); };
        started._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (started._error) started._error.AppendLine(e.Data); };
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();
        return started;
    }

    public int Id => _process.Id;

    /// <summary>Sends a POSIX signal, as Ctrl-C (SIGINT) or a CI cancellation (SIGTERM) does.</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {_process.Id} failed");
    }

    /// <summary>Waits until stderr has a line matching <paramref name="condition"/> (hang guard only: never a timing assertion).</summary>
    public async Task WaitForErrorAsync(Func<string, bool> condition)
    {
        await Eventually.UntilAsync(() => condition(Error) || _process.HasExited, () => "the CLI never got there (still running)");
        if (!condition(Error))
        {
            throw new InvalidOperationException($"the CLI never got there (exited: {_process.HasExited}). stdout:\n{Out}\nstderr:\n{Error}");
        }
    }

    public async Task<int> ExitCodeAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // hang guard only
        await _process.WaitForExitAsync(guard.Token);
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: nothing of the CLI runs any more — no finally, no lock release beyond what the OS does.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
