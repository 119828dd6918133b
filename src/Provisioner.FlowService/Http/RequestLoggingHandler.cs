using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Provisioner.FlowService.Http;

/// <summary>
/// Logs each HTTP exchange: method, route template (with the id it targets), status, duration and request id.
/// Header values, query strings and bodies are never logged: they carry tokens and source credentials.
/// </summary>
internal sealed partial class RequestLoggingHandler(ILogger<RequestLoggingHandler> logger, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = RequestMarks.OperationOf(request);
        var method = request.Method.Method;
        var route = operation?.Route ?? request.RequestUri?.AbsolutePath ?? "?";
        var id = operation?.ResourceId ?? "-";
        var started = time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
            // A response header is service-controlled text: scrub it like any other echo before it reaches a log.
            var requestId = response.Headers.TryGetValues("x-request-id", out var values)
                ? SecretSet.Of(request).Redact(Cap(values.FirstOrDefault()))
                : null;
            var level = (int)response.StatusCode >= 400 ? LogLevel.Warning : LogLevel.Information;
            Completed(logger, level, method, route, id, (int)response.StatusCode, elapsed, requestId ?? "-");
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Only the exception type: transport messages are harmless today, but the type is all a reader needs.
            Failed(logger, method, route, id, ex.GetType().Name, time.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private static string? Cap(string? text) => text is { Length: > 100 } ? text[..100] + "…" : text;

    [LoggerMessage(EventId = 1, Message = "Flow Service {Method} {Route} (id {ResourceId}) -> {Status} in {ElapsedMs:0} ms, request id {RequestId}")]
    private static partial void Completed(ILogger logger, LogLevel level, string method, string route, string resourceId, int status, double elapsedMs, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Flow Service {Method} {Route} (id {ResourceId}) failed without a response ({Failure}) after {ElapsedMs:0} ms")]
    private static partial void Failed(ILogger logger, string method, string route, string resourceId, string failure, double elapsedMs);
}
