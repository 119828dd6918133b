using Grpc.Core;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;
using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// The opt-in <c>testAfterApply</c> step of a set's Create/Update: maps Core's decision (which keys,
/// <see cref="ConnectionTester.KeysToTestAfter"/>) and wording (<see cref="ConnectionTester.FailureSummary"/>) onto the
/// protocol. A rejected test FAILS the update, with the set recorded (<see cref="ResourceInitFailedException"/>): the
/// connections exist and stay in the stack, and the engine re-runs Update on the next <c>pulumi up</c> (a resource
/// with init errors always gets one), where an apply with nothing to change re-tests every connection.
/// </summary>
internal static class TestAfterApply
{
    /// <returns>How many connections were tested (all passed); 0 when the option is off.</returns>
    /// <exception cref="ResourceInitFailedException">A test failed, or the service failed while testing.</exception>
    public static Task<int> RunAsync(ConnectionSetInputs read, IFlowServiceClient client, ApplyResult result, string id,
        PropertyMap outputs, PropertyMap inputs, CancellationToken cancellationToken) =>
        read.TestAfterApply
            ? RunAsync(client, result.State, ConnectionTester.KeysToTestAfter(result), read.Parallelism, id, outputs, inputs, cancellationToken)
            : Task.FromResult(0);

    /// <summary>Tests <paramref name="keys"/> of <paramref name="state"/>; a single BaseConnection passes its one key
    /// (it has nothing else to re-test, so it tests after every apply).</summary>
    public static async Task<int> RunAsync(IFlowServiceClient client, RecordedState state, IReadOnlyList<string> keys, int parallelism,
        string id, PropertyMap outputs, PropertyMap inputs, CancellationToken cancellationToken)
    {
        IReadOnlyList<KeyTestResult> results;
        try
        {
            results = await ConnectionTester.TestAsync(client, state, keys, parallelism, cancellationToken);
        }
        catch (Exception error) when (error is FlowServiceException or OperationCanceledException)
        {
            // Cancelled (or timed out) after the writes: they must still be recorded.
            var why = error is OperationCanceledException ? "the operation was cancelled before the test finished" : $"testing them failed: {error.Message}";
            throw new ResourceInitFailedException(StatusCode.Unavailable,
                $"the connections were applied, but {why}. They are recorded in the stack; run `pulumi up` again to re-test.",
                id, outputs, inputs, error);
        }
        if (ConnectionTester.FailureSummary(results) is { } summary)
        {
            throw new ResourceInitFailedException(StatusCode.FailedPrecondition,
                $"{summary}. The connections are recorded in the stack; fix the credentials and run `pulumi up` again to re-test ({ConnectionSetProperties.TestAfterApply}).",
                id, outputs, inputs);
        }
        return results.Count;
    }
}
