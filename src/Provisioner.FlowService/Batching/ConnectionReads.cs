using System.Collections.Concurrent;

namespace Provisioner.FlowService.Batching;

/// <summary>
/// Reading many connections by id at list cost: <c>GET /connections?property=id==a,b,c&amp;limit=100</c> per batch
/// (reference §1.5), following continuation pages, instead of one <c>GET /connections/{id}</c> each.
/// </summary>
public static class ConnectionReads
{
    /// <summary>Ids per list request: half the documented page cap (100), so a batch's answer fits one page, and
    /// 50 ids of the service's 36-character form stay within <see cref="InListFilter.MaxEncodedLength"/>.</summary>
    public const int MaxIdsPerRequest = 50;

    /// <summary>The documented cap of <c>limit</c> on <c>GET /connections</c>.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// The connections that exist among <paramref name="ids"/>, by id. An id that is not a key of the answer does
    /// not exist (every batch was answered in full, or this throws <see cref="FlowServiceException"/>). Batches run
    /// up to <paramref name="parallelism"/> at a time. An id that cannot share a filter (a comma, a quote, edge
    /// spaces — never the service's own ids) is read alone with <see cref="IFlowServiceClient.GetConnectionAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Connection>> GetConnectionsByIdsAsync(this IFlowServiceClient client,
        IReadOnlyCollection<string> ids, int parallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        foreach (var id in ids)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id, nameof(ids));
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        var batches = InListFilter.Batches(distinct.Where(ConnectionNameFilter.CanShareRequest), MaxIdsPerRequest)
            .Concat(distinct.Where(id => !ConnectionNameFilter.CanShareRequest(id)).Select(id => new[] { id }));
        var found = new ConcurrentDictionary<string, Connection>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batches, options, async (batch, ct) =>
        {
            if (batch is [var single] && !ConnectionNameFilter.CanShareRequest(single))
            {
                if (await client.GetConnectionAsync(single, ct).ConfigureAwait(false) is { } alone)
                {
                    found[single] = alone;
                }

                return;
            }

            var wanted = batch.ToHashSet(StringComparer.Ordinal);
            var query = new ConnectionQuery { Properties = [$"id=={string.Join(',', batch)}"], PageSize = MaxPageSize };
            await foreach (var connection in client.ListConnectionsAsync(query, ct).ConfigureAwait(false))
            {
                // Only ids asked for count: a looser service filter must not make an unasked connection "found".
                if (connection.Id is { } id && wanted.Contains(id))
                {
                    found[id] = connection;
                }
            }
        }).ConfigureAwait(false);
        return found;
    }
}
