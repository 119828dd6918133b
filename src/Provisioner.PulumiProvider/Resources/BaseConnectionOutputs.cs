using System.Globalization;
using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Configuration;
using Provisioner.PulumiProvider.Protocol;
using P = Provisioner.PulumiProvider.Resources.BaseConnectionProperties;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// BaseConnection outputs = the inputs (as the program wrote them, secrets kept) + what the service adds (etag,
/// state, times, sandbox, org). <c>auth.params</c> is always wrapped secret: with acceptSecrets the engine no longer
/// marks outputs secret for us (reference §6).
/// </summary>
public static class BaseConnectionOutputs
{
    public static PropertyMap Build(PropertyMap inputs, PropertyMap serverFields)
    {
        var outputs = PropertyMap.From(inputs.Entries.Where(e => P.Inputs.Contains(e.Key)));
        if (PropertyPath.Get(outputs, [P.Auth, P.AuthParams]) is { } parameters)
        {
            outputs = PropertyPath.Set(outputs, [P.Auth, P.AuthParams], PropertyValue.Secret(parameters));
        }
        foreach (var (key, value) in serverFields.Entries)
        {
            outputs = outputs.Set(key, value);
        }
        return outputs;
    }

    /// <summary>Server-side fields of a live connection; the provider's org/sandbox fill gaps the service leaves.</summary>
    public static PropertyMap ServerFields(Connection live, ProviderConfig config)
    {
        var fields = PropertyMap.Empty
            .Set(P.Etag, PropertyValue.Of(live.Etag))
            .Set(P.SandboxName, PropertyValue.Of(live.SandboxName ?? config.SandboxName))
            .Set(P.ImsOrgId, PropertyValue.Of(live.ImsOrgId ?? config.OrgId));
        fields = fields.SetOrRemove(P.State, live.State is null ? null : PropertyValue.Of(live.State));
        fields = fields.SetOrRemove(P.CreatedAt, Timestamp(live.CreatedAt));
        return fields.SetOrRemove(P.UpdatedAt, Timestamp(live.UpdatedAt));
    }

    /// <summary>Every server-side field unknown: what a preview of a create shows.</summary>
    public static PropertyMap UnknownServerFields() =>
        PropertyMap.From(P.ServerOutputs.Select(k => KeyValuePair.Create(k, PropertyValue.Computed)));

    /// <summary>The server fields a state (old outputs) holds.</summary>
    public static PropertyMap ServerFieldsOf(PropertyMap outputs) =>
        PropertyMap.From(outputs.Entries.Where(e => P.ServerOutputs.Contains(e.Key)));

    /// <summary>The inputs part of a state, for engines that do not send old inputs.</summary>
    public static PropertyMap InputsOf(PropertyMap outputs) =>
        PropertyMap.From(outputs.Entries.Where(e => P.Inputs.Contains(e.Key)));

    /// <summary>Epoch milliseconds as ISO-8601 UTC, the one time format of every output.</summary>
    internal static PropertyValue? Timestamp(long? epochMilliseconds) => epochMilliseconds is { } ms
        ? PropertyValue.Of(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
        : null;
}
