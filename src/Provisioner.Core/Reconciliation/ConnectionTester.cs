using System.Collections.Concurrent;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>One key's connection test: which connection, and what the service said (<see cref="ConnectionTestResult.Describe"/>
/// words it the same for every host).</summary>
public sealed record KeyTestResult(string Key, string Name, ConnectionTestResult Result)
{
    public bool Passed => Result.Passed;

    public override string ToString() => $"{Key}: {Result.Describe()}";
}

/// <summary>
/// Tests recorded connections (<c>GET /connections/{id}/test</c>) and decides which ones a "test after apply" covers
/// (<see cref="KeysToTestAfter"/>). A test never changes state; a rejected test or a connection gone from the service
/// is a result, and only a service failure (after the client's retries) throws.
/// </summary>
public static class ConnectionTester
{
    /// <summary>
    /// The keys a test after <paramref name="result"/> covers, in key order: the connections the apply created,
    /// adopted, updated or replaced — the ones whose credentials this run wrote or took over. An apply that changed
    /// nothing is a re-check (a second <c>apply --test</c>; Pulumi re-running an update whose test failed), so then
    /// every recorded connection is tested. Deleted and forgotten keys are never tested.
    /// </summary>
    public static IReadOnlyList<string> KeysToTestAfter(ApplyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var changed = result.Applied
            .Where(a => a.Action is ConnectionAction.Create or ConnectionAction.Adopt or ConnectionAction.Update or ConnectionAction.Replace)
            .Select(a => a.Key)
            .Where(result.State.Connections.ContainsKey)
            .ToArray();
        // The changed keys are some of the applied ones: an apply that applied anything tests those (maybe none).
        return (result.Applied.Count > 0 ? changed : result.State.Connections.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>One line for a host's error when some tests failed, e.g. "1 of 3 connection test(s) failed: s3: failed:
    /// …"; <c>null</c> when all passed.</summary>
    public static string? FailureSummary(IReadOnlyList<KeyTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failed = results.Where(r => !r.Passed).ToArray();
        return failed.Length == 0 ? null
            : $"{failed.Length} of {results.Count} connection test(s) failed: {string.Join("; ", failed.Select(r => r.ToString()))}";
    }

    /// <summary>Why some of <paramref name="keys"/> cannot be tested (they are not recorded), or <c>null</c> when all can.</summary>
    public static string? UnknownKeys(RecordedState state, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(keys);
        var unknown = keys.Where(k => !state.Connections.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToArray();
        return unknown.Length == 0 ? null
            : $"no recorded connection with key {string.Join(", ", unknown.Select(k => $"'{k}'"))}; "
                + (state.Connections.Count == 0 ? "nothing is recorded yet (run apply first)" : $"recorded keys: {string.Join(", ", state.Connections.Keys)}");
    }

    /// <summary>Tests <paramref name="keys"/> of <paramref name="state"/> (all recorded keys when <c>null</c>), at most
    /// <paramref name="maxParallelism"/> at once; results in key order.</summary>
    /// <exception cref="ArgumentException">A key is not recorded.</exception>
    /// <exception cref="FlowServiceException">The service failed for a test (not a rejection: an outage).</exception>
    public static async Task<IReadOnlyList<KeyTestResult>> TestAsync(IFlowServiceClient client, RecordedState state, IEnumerable<string>? keys,
        int maxParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        var selected = (keys ?? state.Connections.Keys).Distinct(StringComparer.Ordinal).ToArray();
        if (UnknownKeys(state, selected) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        var results = new ConcurrentBag<KeyTestResult>();
        await Parallel.ForEachAsync(selected, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism), CancellationToken = cancellationToken },
            async (key, ct) =>
            {
                var record = state.Connections[key];
                results.Add(new KeyTestResult(key, record.Inputs.Name, await client.TestConnectionAsync(record.Id, ct).ConfigureAwait(false)));
            }).ConfigureAwait(false);
        return results.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
    }
}
