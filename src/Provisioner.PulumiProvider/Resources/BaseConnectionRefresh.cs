using Provisioner.FlowService.Models;
using Provisioner.PulumiProvider.Protocol;
using P = Provisioner.PulumiProvider.Resources.BaseConnectionProperties;

namespace Provisioner.PulumiProvider.Resources;

/// <summary>
/// Inputs derived from a live connection (Read): what Check would return for the values the service holds, so
/// drift in name, description or non-secret params shows in the next diff. Secret params come back masked, so the
/// values the user gave are kept for them; on import there are none, and the caller warns about those params.
/// </summary>
public static class BaseConnectionRefresh
{
    /// <param name="live">The connection as GET returns it.</param>
    /// <param name="oldInputs">The inputs in state (refresh), or null (import).</param>
    /// <param name="secretParams">Params the connection spec marks as passwords, or null when the spec is unknown.</param>
    /// <returns>The inputs, and the params whose live value is masked and had no old value to keep.</returns>
    public static (PropertyMap Inputs, IReadOnlyList<string> MaskedParams) DeriveInputs(
        Connection live, PropertyMap? oldInputs, IReadOnlyCollection<string>? secretParams)
    {
        var old = oldInputs ?? PropertyMap.Empty;
        var inputs = PropertyMap.Empty.Set(P.Name, PropertyValue.Of(live.Name).SecretLike(old[P.Name]));
        if (!string.IsNullOrEmpty(live.Description))
        {
            inputs = inputs.Set(P.Description, PropertyValue.Of(live.Description).SecretLike(old[P.Description]));
        }
        var spec = PropertyMap.Empty
            .Set(P.SpecId, PropertyValue.Of(live.ConnectionSpec.Id))
            .Set(P.SpecVersion, PropertyValue.Of(live.ConnectionSpec.Version ?? P.DefaultSpecVersion));
        inputs = inputs.Set(P.ConnectionSpec, PropertyValue.Of(spec).SecretLike(old[P.ConnectionSpec]));

        var oldAuth = old[P.Auth];
        var oldParams = PropertyPath.Get(old, [P.Auth, P.AuthParams])?.AsObject() ?? PropertyMap.Empty;
        var parameters = oldParams;
        var masked = new List<string>();
        foreach (var (key, node) in live.Auth?.Params ?? [])
        {
            // Without the spec, any param the user set is assumed secret: keeping the user's value can hide drift
            // in a non-secret param, but adopting a masked value would make the next `up` overwrite the real one.
            var isSecret = secretParams?.Contains(key) ?? oldParams[key] is not null;
            var hadOld = oldParams.TryGetValue(key, out var oldValue);
            if (isSecret && hadOld)
            {
                continue;
            }
            if (isSecret || (secretParams is null && oldInputs is null))
            {
                masked.Add(key);
            }
            parameters = parameters.Set(key, PropertyValueJson.FromJson(node).SecretLike(oldValue));
        }
        var auth = PropertyMap.Empty
            .Set(P.AuthSpecName, PropertyValue.Of(live.Auth?.SpecName ?? PropertyPath.Get(old, [P.Auth, P.AuthSpecName])?.AsString() ?? ""))
            .Set(P.AuthParams, PropertyValue.Secret(PropertyValue.Of(parameters)));
        inputs = inputs.Set(P.Auth, PropertyValue.Of(auth).SecretLike(oldAuth));
        return (inputs, masked);
    }
}
