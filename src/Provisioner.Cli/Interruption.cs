using System.Runtime.InteropServices;

namespace Provisioner.Cli;

/// <summary>
/// Graceful SIGINT/SIGTERM (Ctrl-C, CI cancellation). The first signal stops new writes (<see cref="StopStarting"/>)
/// and lets the ones in flight finish for up to the grace period, after which they are cut off (<see cref="Abort"/>;
/// a cut-off create is then looked up by name, as always); the command records everything that exists, saves the
/// state atomically and exits 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once: the state file is only
/// ever replaced by a rename, so it is then the old or the new one, never half of one.
/// System.CommandLine's own termination handling is switched off (<see cref="CliApp"/>): it cancels the command and,
/// after 2 s, returns from Main without waiting for it — before the command could save anything.
/// </summary>
internal sealed class Interruption : IDisposable
{
    public const int SigintExitCode = 130;
    public const int SigtermExitCode = 143;

    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenSource _abort;
    private readonly TimeSpan _grace;
    private readonly TextWriter _error;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly List<Action> _beforeHardExit = [];
    private readonly Lock _gate = new();
    private int _signals;

    private Interruption(TimeSpan grace, TextWriter error, CancellationToken external)
    {
        _grace = grace;
        _error = error;
        // A caller's own cancellation (in-process use) stops new work and cuts off what is in flight at once.
        _stop = CancellationTokenSource.CreateLinkedTokenSource(external);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(external);
    }

    /// <summary>No new write starts once this is cancelled; reads stop at once.</summary>
    public CancellationToken StopStarting => _stop.Token;

    /// <summary>Writes in flight are cut off once this is cancelled (the grace period is over).</summary>
    public CancellationToken Abort => _abort.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM; null while no signal came.</summary>
    public int? ExitCode { get; private set; }

    public string SignalName => ExitCode == SigintExitCode ? "SIGINT" : "SIGTERM";

    /// <param name="listen">Handle the process's signals (the real program); in-process callers use their token only.</param>
    public static Interruption Start(bool listen, TimeSpan grace, TextWriter error, CancellationToken external)
    {
        var interruption = new Interruption(grace, error, external);
        if (listen)
        {
            interruption._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, interruption.OnSignal));
            interruption._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, interruption.OnSignal));
        }
        return interruption;
    }

    /// <summary>Runs right before a second signal ends the process (e.g. removing this run's lock info).</summary>
    public void BeforeHardExit(Action cleanup)
    {
        lock (_gate)
        {
            _beforeHardExit.Add(cleanup);
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the default would end the process now, before the state is saved
        var code = context.Signal == PosixSignal.SIGINT ? SigintExitCode : SigtermExitCode;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            ExitCode = code;
            _error.WriteLine($"{SignalName} received: starting no new changes; letting the ones in flight finish (up to {State.StateLock.Describe(_grace)}), "
                + "then saving the state. Send it again to exit at once.");
            _stop.Cancel();
            _abort.CancelAfter(_grace);
            return;
        }
        _error.WriteLine($"{(code == SigintExitCode ? "SIGINT" : "SIGTERM")} received again: exiting now. The state file is the last one saved; "
            + "run refresh, then apply (it finds connections it created by name).");
        _error.Flush();
        Action[] cleanups;
        lock (_gate)
        {
            cleanups = [.. _beforeHardExit];
        }
        foreach (var cleanup in cleanups)
        {
            cleanup();
        }
        Environment.Exit(code);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
        _abort.Dispose();
    }
}
