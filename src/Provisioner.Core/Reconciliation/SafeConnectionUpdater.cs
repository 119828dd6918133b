using System.Text.Json.Nodes;
using Provisioner.FlowService;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>
/// PATCHes a connection and tells "our own retry found our own change" apart from "someone else changed it" (the one
/// 412 rule, <see cref="OwnRetryRecognition"/>), comparing what a connection can show. Every host (CLI, set, single
/// resource) updates base connections through here.
/// </summary>
public static class SafeConnectionUpdater
{
    /// <param name="secretParams">Params the service masks on read; null when unknown (then no param value is compared).</param>
    public static Task<ConnectionRef> UpdateAsync(IFlowServiceClient client, string id, string etag, IReadOnlyList<JsonPatchOperation> patch,
        IReadOnlySet<string>? secretParams = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return OwnRetryRecognition.UpdateAsync(etag,
            ct => client.UpdateConnectionAsync(id, etag, patch, ct),
            async ct => await client.GetConnectionAsync(id, ct).ConfigureAwait(false) is { } live
                ? (new ConnectionRef(live.Id, live.Etag), Shows(live, patch, secretParams))
                : null,
            cancellationToken);
    }

    /// <summary>Whether <paramref name="live"/> already carries every operation of <paramref name="patch"/>. Name,
    /// description and readable params are compared by value. Secret params come back masked, so for them (and
    /// for every param when <paramref name="secretParams"/> is unknown) only presence is checked: the moved etag
    /// plus the matching readable fields is the evidence that the change is ours — an out-of-band edit that set
    /// exactly the same readable values at the same moment is the one case this cannot tell apart.</summary>
    private static bool Shows(Connection live, IReadOnlyList<JsonPatchOperation> patch, IReadOnlySet<string>? secretParams)
    {
        var parameters = live.Auth?.Params ?? [];
        foreach (var op in patch)
        {
            var removed = op.Op == "remove";
            var ok = op.Path switch
            {
                "/name" => string.Equals(live.Name, op.Value?.GetValue<string>(), StringComparison.Ordinal),
                // A remove carries no value: then the live description must be absent.
                "/description" => string.Equals(live.Description, op.Value?.GetValue<string>(), StringComparison.Ordinal),
                "/auth/params" => op.Value is JsonObject all && all.Select(p => p.Key).Order(StringComparer.Ordinal)
                    .SequenceEqual(parameters.Select(p => p.Key).Order(StringComparer.Ordinal), StringComparer.Ordinal)
                    && all.All(p => ParamShows(p.Key, p.Value, parameters, secretParams)),
                var path when path.StartsWith("/auth/params/", StringComparison.Ordinal) =>
                    UnescapePointerToken(path["/auth/params/".Length..]) is var key && (removed
                        ? !parameters.ContainsKey(key)
                        : ParamShows(key, op.Value, parameters, secretParams)),
                _ => false, // an operation this check does not understand: do not guess
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool ParamShows(string key, JsonNode? wanted, JsonObject parameters, IReadOnlySet<string>? secretParams) =>
        parameters.TryGetPropertyValue(key, out var actual)
        && (secretParams is null || secretParams.Contains(key) || JsonNode.DeepEquals(actual, wanted));

    private static string UnescapePointerToken(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
