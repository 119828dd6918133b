namespace Provisioner.Emulator.Tests;

/// <summary>
/// Base of the test classes whose tests talk to a fresh emulator (default options unless a class says otherwise). xunit makes one class
/// instance per test, so each test still gets its own emulator (state never leaks between tests); only the start and
/// the disposal are written once.
/// </summary>
public abstract class EmulatorSessionTests : IAsyncLifetime
{
    private EmulatorSession? _session;

    private protected EmulatorSession Session =>
        _session ?? throw new InvalidOperationException("xunit starts the session in InitializeAsync, before the test.");

    /// <summary>The options every test of the class starts its emulator with.</summary>
    private protected virtual EmulatorOptions Options => new();

    public async Task InitializeAsync() => _session = await EmulatorSession.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
