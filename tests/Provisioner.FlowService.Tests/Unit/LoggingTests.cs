using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Provisioner.FlowService.Tests.Unit;

/// <summary>Each exchange is logged with method, route template, id, status, duration and request id — nothing more.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Exchanges_are_logged_by_route_template_with_status_and_request_id_but_never_the_query()
    {
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var transport = new FakeTransport().Responding(request => request.Method == HttpMethod.Patch
            ? Responses.FlowProblem(HttpStatusCode.PreconditionFailed, "1404", "Version not matching", "stale", "req-77").WithHeader("x-request-id", "req-77")
            : Responses.Page(null).WithHeader("x-request-id", "req-1"));
        using var client = TestClients.Create(transport, loggerFactory: loggerFactory);

        await client.FindConnectionsByNameAsync("secret-looking-name");
        await Assert.ThrowsAsync<FlowServiceException>(() => client.UpdateConnectionAsync("c-9", "\"e\"", [JsonPatchOperation.Replace("/name", "n")]));

        var exchanges = logs.Collector.GetSnapshot().Where(r => r.Category!.EndsWith("RequestLoggingHandler", StringComparison.Ordinal)).ToList();
        Assert.Contains(exchanges, r => r.Message.StartsWith("Flow Service POST /ims/token/v3 (id -) -> 200", StringComparison.Ordinal));
        Assert.Contains(exchanges, r => r.Message.StartsWith("Flow Service GET /connections (id -) -> 200", StringComparison.Ordinal) && r.Message.EndsWith("request id req-1", StringComparison.Ordinal));
        var patch = Assert.Single(exchanges, r => r.Message.StartsWith("Flow Service PATCH /connections/{id} (id c-9) -> 412", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, patch.Level);
        Assert.EndsWith("request id req-77", patch.Message);
        Assert.All(logs.Collector.GetSnapshot(), r => Assert.DoesNotContain("secret-looking-name", r.Message));
    }
}
