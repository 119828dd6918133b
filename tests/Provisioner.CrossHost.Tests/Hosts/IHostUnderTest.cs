namespace Provisioner.CrossHost.Tests.Hosts;

/// <summary>What a host's preview says will happen to one key. Only these four: the model never leaves a
/// connection to adopt, nor asks to keep a removed one.</summary>
public enum KeyAction
{
    Create,
    Update,
    Replace,
    Delete,
}

/// <summary>
/// One way of applying definitions (the CLI, the BaseConnectionSet, one BaseConnection per key), driven exactly as
/// its user's tool drives it, against its own emulator.
/// </summary>
public interface IHostUnderTest : IAsyncDisposable
{
    string Name { get; }

    EmulatorHost Service { get; }

    /// <summary>Reconcile the recorded state with the service (reads only).</summary>
    Task RefreshAsync();

    /// <summary>What the host says the next apply does, per changed key; unchanged keys are left out.</summary>
    Task<IReadOnlyDictionary<string, KeyAction>> PreviewAsync(DesiredSet desired);

    Task ApplyAsync(DesiredSet desired);

    /// <summary>key → connection id, as the host recorded it.</summary>
    IReadOnlyDictionary<string, string> RecordedIds();

    /// <summary>"section.key" (<c>dataflows.flow</c>) → pipeline object id, as the host recorded it.</summary>
    IReadOnlyDictionary<string, string> RecordedPipelineIds();
}
