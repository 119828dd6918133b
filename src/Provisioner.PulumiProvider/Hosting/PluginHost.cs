using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Provisioner.PulumiProvider.Resources;

namespace Provisioner.PulumiProvider.Hosting;

/// <summary>
/// The gRPC server the engine dials: Kestrel on 127.0.0.1, a free port, HTTP/2 without TLS (h2c), 400 MiB
/// messages. Logs go to stderr only — stdout belongs to the port line (reference §5.2).
/// </summary>
public sealed class PluginHost : IAsyncDisposable
{
    /// <summary>The engine's own limit; schemas and states can be big.</summary>
    public const int MaxMessageSize = 400 * 1024 * 1024;

    private readonly WebApplication _app;

    private PluginHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PluginHost> StartAsync(
        LaunchArguments launch, FlowClientFactory? clientFactory, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        // The empty builder: no configuration files or environment-variable sources, no file watchers, no default
        // logging, no HTTPS setup. Everything the plugin needs is added below, and nothing from the machine (an
        // ASPNETCORE_URLS, an appsettings.json) can change it. Pulumi launches a process per operation and per
        // schema load, so start-up work before the port line is paid again and again (docs/performance.md).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(launch.Verbosity switch
        {
            >= 9 => LogLevel.Debug,
            >= 1 => LogLevel.Information,
            _ => LogLevel.Warning,
        });
        builder.Logging.AddFilter("Microsoft", launch.Verbosity >= 9 ? LogLevel.Information : LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        // SIGINT/SIGTERM: stop quickly; in-flight calls are cancelled through ProviderCancellation.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(3));

        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageSize;
            options.MaxSendMessageSize = MaxMessageSize;
        });
        builder.Services.AddSingleton<ProviderCancellation>();
        builder.Services.AddSingleton<EngineLog>();
        builder.Services.AddSingleton<BaseConnectionResource>();
        builder.Services.AddSingleton<Resources.ConnectionSet.ConnectionSetResource>();
        // The real client unless a test supplies another; its request logs go to the plugin's stderr logger.
        builder.Services.AddSingleton<FlowClientFactory>(services => clientFactory
            ?? (options => FlowServiceClientFactory.Create(options, services.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddSingleton(environment);
        builder.Services.AddSingleton<AepProvider>();

        var app = builder.Build();
        app.MapGrpcService<ResourceProviderService>();

        app.Services.GetRequiredService<EngineLog>().UseAddress(launch.EngineAddress);
        var cancellation = app.Services.GetRequiredService<ProviderCancellation>();
        app.Lifetime.ApplicationStopping.Register(cancellation.Cancel);

        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        return new PluginHost(app, new Uri(address).Port);
    }

    /// <summary>Runs until SIGINT/SIGTERM (or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
