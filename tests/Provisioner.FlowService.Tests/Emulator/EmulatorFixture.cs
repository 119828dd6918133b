using Provisioner.Emulator;

namespace Provisioner.FlowService.Tests.Emulator;

/// <summary>One in-process emulator on 127.0.0.1:0 per test class; each test resets its state.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await EmulatorHost.StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0" });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Client options for the emulator's own credentials (IMS exchange over loopback).</summary>
    public FlowServiceOptions Options(Action<FlowServiceOptions>? configure = null)
    {
        var options = EmulatorClientOptions.For(Host);
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        return options;
    }
}
