using Provisioner.Core.Connections;
using Provisioner.PulumiProvider.Protocol;
using P = Provisioner.PulumiProvider.Resources.BaseConnectionProperties;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// Mapping only: the inputs Core's refresh rule (<see cref="Core.Reconciliation.ConnectionRefresh"/>) derived from a
/// live connection, as BaseConnection inputs — secret-wrapped where the old inputs were, params always.
/// </summary>
public static class BaseConnectionRefresh
{
    /// <param name="oldInputs">The inputs in state (refresh), or null (import).</param>
    public static PropertyMap ToInputs(DesiredConnection refreshed, PropertyMap? oldInputs)
    {
        var old = oldInputs ?? PropertyMap.Empty;
        var oldParams = PropertyPath.Get(old, [P.Auth, P.AuthParams])?.AsObject() ?? PropertyMap.Empty;
        var inputs = PropertyMap.Empty.Set(P.Name, PropertyValue.Of(refreshed.Name).SecretLike(old[P.Name]));
        if (old[P.TestAfterApply] is { } testAfterApply)
        {
            inputs = inputs.Set(P.TestAfterApply, testAfterApply); // a provider option, not read from the service
        }
        if (refreshed.Description is { } description)
        {
            inputs = inputs.Set(P.Description, PropertyValue.Of(description).SecretLike(old[P.Description]));
        }
        var spec = PropertyMap.Empty
            .Set(P.SpecId, PropertyValue.Of(refreshed.ConnectionSpec.Id))
            .Set(P.SpecVersion, PropertyValue.Of(refreshed.ConnectionSpec.Version));
        inputs = inputs.Set(P.ConnectionSpec, PropertyValue.Of(spec).SecretLike(old[P.ConnectionSpec]));
        var parameters = PropertyMap.From(refreshed.Params.Select(p =>
            KeyValuePair.Create(p.Key, PropertyValueJson.FromJson(p.Value).SecretLike(oldParams[p.Key]))));
        if (refreshed.AuthSpecName is null)
        {
            return inputs; // a connection whose spec takes no auth (Data Landing Zone)
        }
        var auth = PropertyMap.Empty
            .Set(P.AuthSpecName, PropertyValue.Of(refreshed.AuthSpecName))
            .Set(P.AuthParams, PropertyValue.Secret(PropertyValue.Of(parameters)));
        return inputs.Set(P.Auth, PropertyValue.Of(auth).SecretLike(old[P.Auth]));
    }
}
