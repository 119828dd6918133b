namespace Provisioner.Emulator;

/// <summary>
/// An emulator running in this process on loopback. Tests, the CLI's <c>--local</c> mode and benchmarks use it.
/// CONTRACT (fixed for other projects; the emulator issue implements it):
///   BaseAddress   gateway root, e.g. http://127.0.0.1:5080/ — Flow Service under /data/foundation/flowservice,
///                 IMS token endpoint at /ims/token/v3.
///   Options       the options it was started with (client id/secret, org, sandboxes).
///   Faults        fault injection, all off until switched on.
///   Journal       every request received (method, path, status), for "zero writes" assertions.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private EmulatorHost() { }

    public Uri BaseAddress => throw new NotImplementedException();
    public EmulatorOptions Options => throw new NotImplementedException();

    public static Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
