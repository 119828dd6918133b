using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// The one 412 rule of every PATCH (<see cref="SafeConnectionUpdater"/> for base connections,
/// <see cref="PipelineObjectWriter"/> for the other kinds). The client retries a PATCH whose answer was lost; if the
/// first attempt committed, the retry carries a stale etag and gets 412 (marked
/// <see cref="FlowServiceException.MayHaveCommitted"/>). Then the object is read back: if its etag moved and it
/// already shows the patch, the change is ours and the live etag is the result. Anything else is a real conflict and
/// the 412 stands.
/// </summary>
internal static class OwnRetryRecognition
{
    /// <param name="patch">Sends the PATCH with If-Match <paramref name="etag"/>.</param>
    /// <param name="readBack">The object as served now and whether it already shows every operation of the patch;
    /// null when it is gone.</param>
    public static async Task<ConnectionRef> UpdateAsync(string etag, Func<CancellationToken, Task<ConnectionRef>> patch,
        Func<CancellationToken, Task<(ConnectionRef Live, bool ShowsPatch)?>> readBack, CancellationToken cancellationToken)
    {
        try
        {
            return await patch(cancellationToken).ConfigureAwait(false);
        }
        catch (FlowServiceException conflict) when (conflict.IsPreconditionFailed && conflict.MayHaveCommitted)
        {
            (ConnectionRef Live, bool ShowsPatch)? live;
            try
            {
                live = await readBack(cancellationToken).ConfigureAwait(false);
            }
            catch (FlowServiceException)
            {
                throw conflict; // cannot tell: the 412 (whose message says an earlier attempt may have applied) stands
            }
            if (live is { } now && !string.Equals(now.Live.Etag, etag, StringComparison.Ordinal) && now.ShowsPatch)
            {
                return now.Live;
            }
            throw;
        }
    }
}
