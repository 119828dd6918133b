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
        return new FlowServiceClientHandle(provider, provider.GetRequiredService<IFlowServiceClient>());
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

/// <summary>An <see cref="IFlowServiceClient"/> that owns its private service provider.</summary>
public sealed class FlowServiceClientHandle : IFlowServiceClient, IDisposable, IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IFlowServiceClient _client;

    internal FlowServiceClientHandle(ServiceProvider provider, IFlowServiceClient client)
    {
        _provider = provider;
        _client = client;
    }

    /// <inheritdoc />
    public Task<ConnectionRef> CreateConnectionAsync(CreateConnectionRequest request, CancellationToken cancellationToken = default) =>
        _client.CreateConnectionAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task<Connection?> GetConnectionAsync(string id, CancellationToken cancellationToken = default) =>
        _client.GetConnectionAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Connection>> FindConnectionsByNameAsync(string name, CancellationToken cancellationToken = default) =>
        _client.FindConnectionsByNameAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<Connection>>> FindConnectionsByNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) =>
        _client.FindConnectionsByNamesAsync(names, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Connection> ListConnectionsAsync(ConnectionQuery? query = null, CancellationToken cancellationToken = default) =>
        _client.ListConnectionsAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<ConnectionRef> UpdateConnectionAsync(string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default) =>
        _client.UpdateConnectionAsync(id, etag, patch, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteConnectionAsync(string id, CancellationToken cancellationToken = default) =>
        _client.DeleteConnectionAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default) =>
        _client.GetConnectionSpecAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ExploreItem>> ExploreRootAsync(string connectionId, CancellationToken cancellationToken = default) =>
        _client.ExploreRootAsync(connectionId, cancellationToken);

    /// <inheritdoc />
    public Task<ConnectionTestResult> TestConnectionAsync(string connectionId, CancellationToken cancellationToken = default) =>
        _client.TestConnectionAsync(connectionId, cancellationToken);

    public void Dispose() => _provider.Dispose();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
