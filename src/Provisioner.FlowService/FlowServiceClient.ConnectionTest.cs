using Provisioner.FlowService.Json;

namespace Provisioner.FlowService;

public partial class FlowServiceClient
{
    /// <inheritdoc />
    public async Task<ConnectionTestResult> TestConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionId);
        var operation = FlowOperation.TestConnection(connectionId);
        using var message = new HttpRequestMessage(HttpMethod.Get, _channel.Route("connections/", connectionId, "/test"));
        using var response = await _channel.SendAsync(operation, message, _channel.NewSecrets(), cancellationToken).ConfigureAwait(false);
        if (await FlowResponses.IsResourceNotFoundAsync(response, cancellationToken).ConfigureAwait(false))
        {
            return new ConnectionTestResult(connectionId, ConnectionTestOutcome.NotFound);
        }

        try
        {
            await FlowResponses.ThrowIfFailedAsync(operation, response, _channel.NewSecrets(), cancellationToken).ConfigureAwait(false);
        }
        catch (FlowServiceException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
        {
            // Not documented, but the natural way for a service to say why a test failed: keep its words (scrubbed).
            return new ConnectionTestResult(connectionId, ConnectionTestOutcome.Rejected,
                ex.Detail ?? ex.Title ?? ex.ErrorCode ?? $"HTTP {(int)ex.StatusCode!}");
        }

        var body = await JsonBodies.ReadAsync(operation, response, FlowServiceJsonContext.Default.TestConnectionResponse, cancellationToken).ConfigureAwait(false);
        return body.Result switch
        {
            true => new ConnectionTestResult(connectionId, ConnectionTestOutcome.Passed),
            false => new ConnectionTestResult(connectionId, ConnectionTestOutcome.Rejected),
            null => throw FlowServiceErrors.Malformed(operation, response, "no boolean 'result'"),
        };
    }
}
