using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Provisioner.FlowService.Configuration;

namespace Provisioner.FlowService;

/// <summary>A Flow Service client for hosts without dependency injection (the Pulumi plugin, the CLI).</summary>
public static class FlowServiceClientFactory
{
    /// <summary>
    /// Builds a client with the same pipeline as <c>services.AddFlowServiceClient</c>. Dispose the result to release
    /// its connections.
    /// </summary>
    /// <param name="options">Copied; later changes to the instance have no effect.</param>
    /// <param name="loggerFactory">Where request logs go; none when null.</param>
    /// <param name="primaryHandler">The innermost handler (tests, proxies); not disposed by the client.</param>
    /// <param name="timeProvider">Clock for token lifetimes and retry delays; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options are invalid (no credentials, plain http to a remote host, …).</exception>
    public static FlowServiceClientHandle Create(
        FlowServiceOptions options,
        ILoggerFactory? loggerFactory = null,
        HttpMessageHandler? primaryHandler = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var snapshot = options.Clone();
        FlowServiceOptionsValidator.ThrowIfInvalid(snapshot);

        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        Func<HttpMessageHandler>? primary = primaryHandler is null ? null : () => new NonDisposingHandler(primaryHandler);
        FlowServiceServiceCollectionExtensions.AddFlowServiceClient(services, snapshot.CopyTo, primary);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return FlowServiceClientHandle.Over(provider);
    }

    /// <summary>The factory may retire handlers at any time; the caller's handler must outlive that.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _invoker.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// A <see cref="FlowServiceClient"/> that owns its private service provider (the HTTP handler pipeline, the token
/// source): it is the client itself, so every operation the client gains is there without a forwarding method.
/// </summary>
public sealed class FlowServiceClientHandle : FlowServiceClient, IDisposable, IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private FlowServiceClientHandle(ServiceProvider provider, HttpClient http, IOptions<FlowServiceOptions> options)
        : base(http, options) => _provider = provider;

    /// <summary>The client over <paramref name="provider"/>'s Flow Service pipeline, as the typed HTTP client is built.</summary>
    internal static FlowServiceClientHandle Over(ServiceProvider provider) => new(provider,
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(FlowServiceClient.HttpClientName),
        provider.GetRequiredService<IOptions<FlowServiceOptions>>());

    public void Dispose() => _provider.Dispose();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
