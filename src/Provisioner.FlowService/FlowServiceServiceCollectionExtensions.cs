using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Provisioner.FlowService.Auth;
using Provisioner.FlowService.Configuration;
using Provisioner.FlowService.Resilience;

namespace Provisioner.FlowService;

/// <summary>Registers <see cref="IFlowServiceClient"/> (and <see cref="IFlowPipelineClient"/>, the same client) as a typed HTTP client.</summary>
public static class FlowServiceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFlowServiceClient"/> with IMS (or static-token) authentication, the gateway headers,
    /// retries of idempotent calls and request logging. Options are validated when the client is first created.
    /// </summary>
    /// <returns>The Flow Service client's builder, e.g. to replace its primary handler.</returns>
    public static IHttpClientBuilder AddFlowServiceClient(this IServiceCollection services, Action<FlowServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddFlowServiceClient(services, configure, primaryHandler: null);
    }

    internal static IHttpClientBuilder AddFlowServiceClient(
        IServiceCollection services, Action<FlowServiceOptions> configure, Func<HttpMessageHandler>? primaryHandler)
    {
        services.AddOptions<FlowServiceOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowServiceOptions>, FlowServiceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ImsAccessTokenSource>();
        services.TryAddSingleton<IAccessTokenSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FlowServiceOptions>>().Value;
            return string.IsNullOrEmpty(options.AccessToken)
                ? sp.GetRequiredService<ImsAccessTokenSource>()
                : new StaticAccessTokenSource(options.AccessToken);
        });
        services.TryAddTransient<BearerTokenHandler>();
        services.TryAddTransient<GatewayHeadersHandler>();
        services.TryAddTransient<RequestLoggingHandler>();
        services.TryAddSingleton<AdaptiveRate>(); // one learnt rate per client: every call of it shares the org's limit
        services.TryAddTransient<RateAdaptationHandler>();

        var ims = services.AddHttpClient(ImsAccessTokenSource.HttpClientName);
        Configure(ims, primaryHandler, retryPost: true);
        ims.AddHttpMessageHandler<RequestLoggingHandler>();

        var flow = services.AddHttpClient<IFlowServiceClient, FlowServiceClient>(FlowServiceClient.HttpClientName);
        // The same client serves the pipeline objects: one handler pipeline, one learnt rate, one token.
        services.TryAddTransient<IFlowPipelineClient>(sp => (FlowServiceClient)sp.GetRequiredService<IFlowServiceClient>());
        Configure(flow, primaryHandler, retryPost: false);
        // Outermost first: retries wrap the pacing (each attempt waits for its slot and reports its 429) and auth
        // (each attempt gets a valid token), auth wraps the headers, and the log sits next to the wire so every
        // attempt is recorded.
        flow.AddHttpMessageHandler<RateAdaptationHandler>()
            .AddHttpMessageHandler<BearerTokenHandler>()
            .AddHttpMessageHandler<GatewayHeadersHandler>()
            .AddHttpMessageHandler<RequestLoggingHandler>();
        return flow;
    }

    private static void Configure(IHttpClientBuilder builder, Func<HttpMessageHandler>? primaryHandler, bool retryPost)
    {
        // Our handler logs route templates only; the factory's default loggers would log full URLs.
        builder.RemoveAllLoggers();
        // Polly owns time limits (TotalRequestTimeout); HttpClient's own 100 s default would cut across them.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        if (primaryHandler is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(primaryHandler);
        }

        builder.AddResilienceHandler(retryPost ? "ims" : "flow-service", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<FlowServiceOptions>>().Value;
            FlowServiceResilience.Configure(pipeline, options, retryPost);
        });
    }
}
