using Microsoft.Extensions.Logging;

namespace Provisioner.FlowService.Tests.Support;

/// <summary>Builds clients for unit tests over a <see cref="FakeTransport"/>, with fast retries.</summary>
public static class TestClients
{
    public const string ClientId = "test-client-id";
    public const string ClientSecret = "test-client-secret";
    public const string OrgId = "TESTORG0000000000000000@AdobeOrg";
    public const string Sandbox = "dev";
    public const string FlowBase = "https://platform.test/data/foundation/flowservice/";

    public static FlowServiceOptions Options(Action<FlowServiceOptions>? configure = null)
    {
        var options = new FlowServiceOptions
        {
            Endpoint = new Uri("https://platform.test"),
            ImsEndpoint = new Uri("https://ims.test"),
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            OrgId = OrgId,
            SandboxName = Sandbox,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryAttempts = 3,
        };
        configure?.Invoke(options);
        return options;
    }

    public static FlowServiceClientHandle Create(
        FakeTransport transport,
        Action<FlowServiceOptions>? configure = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null) =>
        FlowServiceClientFactory.Create(Options(configure), loggerFactory, transport, time);

    /// <summary>What a fresh client throws for <paramref name="call"/> over <paramref name="transport"/>: the arrange
    /// and act of every "this answer becomes that error" test.</summary>
    public static async Task<FlowServiceException> FailureOf(
        FakeTransport transport,
        Func<IFlowServiceClient, Task> call,
        Action<FlowServiceOptions>? configure = null,
        TimeProvider? time = null)
    {
        using var client = Create(transport, configure, time);
        return await Assert.ThrowsAsync<FlowServiceException>(() => call(client));
    }
}
