using System.Text.Json.Nodes;
using Provisioner.Core.Connections;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Reconciliation;

/// <summary>The inputs a live connection stands for, and the secret params it could not tell (masked by the
/// service, with no recorded value to keep — an import: the user must supply them).</summary>
public sealed record RefreshedInputs(DesiredConnection Inputs, IReadOnlyList<string> MaskedWithoutValue);

/// <summary>
/// The one rule for deriving inputs from a live connection (refresh, import), for every host: name, description,
/// spec, auth type and non-secret params are the service's — so an out-of-band edit or deletion of a non-secret
/// param is drift. Secret params come back masked, so their recorded values are kept (present or not on the read).
/// When the host cannot tell which params are secret (the spec is unknown), a param the live connection still has
/// keeps its recorded value (a masked value must never be taken for the real one and written back), a param it no
/// longer has is dropped (that is drift), and a param only the service has is taken as read.
/// </summary>
public static class ConnectionRefresh
{
    /// <param name="recorded">The inputs last applied, or null (import).</param>
    /// <param name="secretParams">The params that are secret, or null when not known.</param>
    public static RefreshedInputs Derive(Connection live, DesiredConnection? recorded, IReadOnlySet<string>? secretParams)
    {
        ArgumentNullException.ThrowIfNull(live);
        var before = recorded?.Params ?? [];
        var parameters = new JsonObject();
        var masked = new List<string>();
        foreach (var (name, value) in before.Where(p => secretParams?.Contains(p.Key) == true))
        {
            parameters[name] = value?.DeepClone();
        }
        foreach (var (name, value) in live.Auth?.Params ?? [])
        {
            // A known secret with a recorded value (set above) is kept here too, in place.
            var secret = secretParams?.Contains(name) ?? before.ContainsKey(name);
            if (secret && before.TryGetPropertyValue(name, out var kept))
            {
                parameters[name] = kept?.DeepClone();
                continue;
            }
            if (secret || (secretParams is null && recorded is null))
            {
                masked.Add(name);
            }
            parameters[name] = value?.DeepClone();
        }
        var inputs = new DesiredConnection(live.Name, string.IsNullOrEmpty(live.Description) ? null : live.Description,
            new ConnectionSpecRef(live.ConnectionSpec.Id, live.ConnectionSpec.Version ?? ConnectionSpecRef.DefaultVersion),
            live.Auth?.SpecName ?? recorded?.AuthSpecName, parameters)
        {
            // Whether it is a source or a destination is the spec's, which a refresh does not change.
            Kind = recorded?.Kind ?? ConnectionKind.Source,
        };
        return new RefreshedInputs(inputs, masked);
    }
}
