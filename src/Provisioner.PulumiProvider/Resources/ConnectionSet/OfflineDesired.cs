using System.Text.Json.Nodes;
using Provisioner.Core.Connections;
using Provisioner.Core.Definitions;
using Provisioner.Core.Reconciliation;
using Provisioner.FlowService.Models;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// A parsed definition turned into the desired connection without asking the service, for Diff and previews
/// (which must not call the service and may run before the provider can). It agrees with the resolver on every
/// field the reconciler compares: the spec id from the alias table, the version as written or as recorded, secret
/// references replaced by their values. Fields whose value is not known yet become <paramref name="unknown"/>, so
/// they compare as changed. Validation against the spec is Check's job.
/// </summary>
public static class OfflineDesired
{
    public static DesiredConnection? Build(ConnectionDefinition definition, RecordedConnection? recorded, IReadOnlyDictionary<string, string> aliases,
        ConnectionSetInputs inputs, string unknown)
    {
        var specId = definition.Source is { } alias ? aliases.GetValueOrDefault(alias) : definition.ConnectionSpecId;
        if (specId is null)
        {
            return null;
        }
        // An omitted version is the spec's own; the recorded one is that, as long as the spec stays the same.
        var version = definition.ConnectionSpecVersion
            ?? (recorded is not null && string.Equals(recorded.Inputs.ConnectionSpec.Id, specId, StringComparison.OrdinalIgnoreCase)
                ? recorded.Inputs.ConnectionSpec.Version
                : "1.0");
        var parameters = new JsonObject();
        foreach (var param in definition.Params)
        {
            parameters[param.Name] = param.SecretName is { } secret
                ? JsonValue.Create(inputs.Secrets.TryGetValue(secret, out var value) ? value : unknown)
                : param.Literal?.DeepClone();
        }
        return new DesiredConnection(definition.Name, definition.Description, new ConnectionSpecRef(specId, version), definition.AuthSpecName, parameters);
    }
}
