using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Provisioner.Testing.Plugin;

/// <summary>The engine's side of the callback channel: a gRPC server on 127.0.0.1:0 serving pulumirpc.Engine.Log,
/// recording every message the plugin sends.</summary>
public sealed class FakeEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeEngine(WebApplication app, string address, ConcurrentQueue<LogRequest> logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
    }

    /// <summary>host:port, the form the engine passes on the command line.</summary>
    public string Address { get; }

    public ConcurrentQueue<LogRequest> Logs { get; }

    public static async Task<FakeEngine> StartAsync()
    {
        var logs = new ConcurrentQueue<LogRequest>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(logs);
        var app = builder.Build();
        app.MapGrpcService<EngineService>();
        await app.StartAsync();
        var uri = new Uri(app.Urls.First());
        return new FakeEngine(app, $"127.0.0.1:{uri.Port}", logs);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class EngineService(ConcurrentQueue<LogRequest> logs) : Pulumirpc.Engine.EngineBase
    {
        public override Task<Empty> Log(LogRequest request, ServerCallContext context)
        {
            logs.Enqueue(request);
            return Task.FromResult(new Empty());
        }
    }
}
