using System.Text.Encodings.Web;
using Provisioner.Emulator.Diagnostics;
using Provisioner.Emulator.Endpoints;
using Provisioner.Emulator.Faults;
using Provisioner.Emulator.Ims;
using Provisioner.Emulator.Resources;

namespace Provisioner.Emulator;

/// <summary>Builds the emulator web app. The one place that does: <c>Program</c> (out of process) and
/// <see cref="EmulatorHost"/> (in process) both call <see cref="Build"/>.</summary>
internal static class EmulatorApp
{
    /// <exception cref="EmulatorDataFileException">The data file exists but is corrupt.</exception>
    /// <exception cref="ArgumentException">A URL is not loopback.</exception>
    public static WebApplication Build(EmulatorOptions options, bool consoleLogging)
    {
        EnsureLoopback(options.Urls);
        // Loaded before the server starts, so a corrupt data file stops startup with a clear error.
        var store = new ConnectionStore(options.DataFile is null ? null : new DataFile(options.DataFile));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name,
            EnvironmentName = "Production",
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        if (consoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            // "Now listening on" comes from Hosting.Lifetime. Per-request logs stay off: URLs can carry IMS params.
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        }

        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // Keep etags readable as \"…\" rather than \u0022…\u0022 (both are valid JSON; the service sends the former).
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddSingleton(ConnectionSpecCatalog.LoadEmbedded());
        builder.Services.AddSingleton(FlowSpecCatalog.LoadEmbedded());
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<RequestJournal>();
        builder.Services.AddSingleton<Connections.ConnectionTestVerdicts>();

        var app = builder.Build();
        app.UseEmulatorErrors();
        app.UseRequestId();
        // Admin endpoints bypass journal, faults and gateway: controlling the emulator must not be faulted or recorded.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(EmulatorPaths.Admin), branch =>
        {
            branch.Use((context, next) =>
            {
                ErrorHandlingMiddleware.LimitBodies(context);
                return next(context);
            });
            branch.UseJournal();
            branch.UseFaults();
            branch.UseFlowGateway();
        });

        app.MapIms();
        app.MapConnections();
        app.MapExplore();
        app.MapConnectionTest();
        app.MapConnectionSpecs();
        app.MapConnectionSpecExplore();
        app.MapConnectionSpecConfigs();
        app.MapResources(new SourceConnectionKind(), writable: true);
        app.MapResources(new TargetConnectionKind(), writable: true);
        app.MapResources(new FlowKind(), writable: true);
        app.MapFlowActions();
        app.MapResources(new RunKind(), writable: false);
        app.MapFlowSpecs();
        app.MapAdmin();
        // Never FLOW-1101 ("Resource not found"): that is the answer for a missing connection, and a client asking
        // an unserved route such as /connections/{existing-id}/unknown must not conclude the connection is gone.
        app.MapFallback(ErrorBodies.NoSuchEndpoint);
        return app;
    }

    private static void EnsureLoopback(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !(uri.IsLoopback || uri.Host == "localhost"))
            {
                throw new ArgumentException($"Emulator URL '{url}' is not an http:// loopback address (127.0.0.1, [::1] or localhost). " +
                    "The emulator holds test credentials and only ever listens on loopback.", nameof(urls));
            }
        }
    }
}
