using Polly.Timeout;

namespace Provisioner.FlowService.Http;

/// <summary>
/// Sends one operation through the handler pipeline and turns "no response" failures into
/// <see cref="FlowServiceException"/>. The caller's own cancellation is left alone: it surfaces as
/// <see cref="OperationCanceledException"/>, because nothing went wrong on the service's side.
/// </summary>
internal static class FlowServiceTransport
{
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient http, FlowOperation operation, HttpRequestMessage request, TimeSpan totalTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (FlowServiceException)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            throw FlowServiceErrors.Timeout(operation, ex, totalTimeout);
        }
        catch (OperationCanceledException ex)
        {
            // Not ours: a timeout somewhere below (HttpClient, socket) that was not the caller's token.
            throw FlowServiceErrors.Timeout(operation, ex, totalTimeout);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw FlowServiceErrors.Transport(operation, ex);
        }
    }
}
