using System.Net;

namespace Provisioner.PulumiProvider.Configuration;

/// <summary>What reading the provider configuration found.</summary>
/// <param name="Checked">The config to hand back from CheckConfig: given keys under their bare names (secrets
/// wrapped), plus defaults and environment fallbacks for non-secret keys. Secrets from the environment are left out
/// so they never land in the stack's state; Configure reads them from the environment again.</param>
/// <param name="Config">The usable configuration, or null when something is missing, wrong or unknown.</param>
public sealed record ConfigReading(
    PropertyMap Checked,
    IReadOnlyList<CheckFailure> Failures,
    IReadOnlyList<ConfigKey> Missing,
    bool HasUnknowns,
    ProviderConfig? Config);

/// <summary>Reads provider config from the engine's property map (any key spelling), the AEP_* environment
/// variables, and the defaults — in that order.</summary>
public static class ConfigReader
{
    public static ConfigReading Read(PropertyMap raw, Func<string, string?> environment)
    {
        var failures = new List<CheckFailure>();
        var given = new Dictionary<string, PropertyValue>(StringComparer.Ordinal);
        var passthrough = PropertyMap.Empty;
        foreach (var (rawKey, value) in raw.Entries)
        {
            var name = ConfigKey.Normalize(rawKey);
            if (name == ConfigKey.VersionKey)
            {
                passthrough = passthrough.Set(name, value);
            }
            else if (ConfigKey.Find(name) is null)
            {
                failures.Add(new CheckFailure(name,
                    $"unknown configuration key '{ConfigKey.Package}:{name}'; known keys: {string.Join(", ", ConfigKey.All.Select(k => k.PulumiName))}"));
            }
            else if (!given.ContainsKey(name) || rawKey == name)
            {
                // The bare spelling wins when the engine sends both.
                given[name] = value;
            }
        }

        var checkedMap = passthrough;
        var effective = new Dictionary<string, string?>(StringComparer.Ordinal);
        var hasUnknowns = false;
        foreach (var key in ConfigKey.All)
        {
            effective[key.Name] = null; // unknown or invalid values leave the key unresolved
            string? value = null;
            if (given.TryGetValue(key.Name, out var supplied) && !supplied.IsNull)
            {
                if (supplied.IsComputed)
                {
                    hasUnknowns = true;
                    checkedMap = checkedMap.Set(key.Name, supplied);
                    continue;
                }
                if (supplied.AsString() is not { } text)
                {
                    failures.Add(new CheckFailure(key.Name, $"{key.PulumiName} must be a string, not {PropertyValueCodec.Describe(supplied)}"));
                    continue;
                }
                if (text.Length > 0)
                {
                    value = text;
                    checkedMap = checkedMap.Set(key.Name, key.Secret ? PropertyValue.Secret(supplied) : supplied);
                }
            }
            if (value is null && environment(key.EnvironmentVariable) is { Length: > 0 } fromEnvironment)
            {
                value = fromEnvironment;
                if (!key.Secret)
                {
                    checkedMap = checkedMap.Set(key.Name, PropertyValue.Of(fromEnvironment));
                }
            }
            if (value is null && key.Default is not null)
            {
                value = key.Default;
                checkedMap = checkedMap.Set(key.Name, PropertyValue.Of(key.Default));
            }
            effective[key.Name] = value;
        }

        var endpoint = ParseEndpoint(ConfigKey.Endpoint, effective, failures);
        var imsEndpoint = ParseEndpoint(ConfigKey.ImsEndpoint, effective, failures);

        var missing = new List<ConfigKey>();
        if (!hasUnknowns)
        {
            // A key already reported as invalid is not reported missing too.
            foreach (var key in new[] { ConfigKey.ClientId, ConfigKey.OrgId }.Where(k => effective[k.Name] is null && !failures.Any(f => f.Property == k.Name)))
            {
                missing.Add(key);
            }
            if (effective[ConfigKey.ClientSecret.Name] is null && effective[ConfigKey.AccessToken.Name] is null
                && !failures.Any(f => f.Property == ConfigKey.ClientSecret.Name || f.Property == ConfigKey.AccessToken.Name))
            {
                missing.Add(ConfigKey.ClientSecret);
            }
        }
        failures.AddRange(missing.Select(k => new CheckFailure(k.Name, MissingReason(k))));

        var config = failures.Count > 0 || hasUnknowns || endpoint is null || imsEndpoint is null
            ? null
            : new ProviderConfig(endpoint, imsEndpoint, effective[ConfigKey.ClientId.Name]!, effective[ConfigKey.ClientSecret.Name],
                effective[ConfigKey.OrgId.Name]!, effective[ConfigKey.SandboxName.Name]!, effective[ConfigKey.AccessToken.Name]);
        return new ConfigReading(checkedMap, failures, missing, hasUnknowns, config);
    }

    /// <summary>What to tell the user about a missing key (also the ConfigureErrorMissingKeys description).</summary>
    public static string MissingReason(ConfigKey key) => key == ConfigKey.ClientSecret
        ? $"missing required configuration key {key.PulumiName} (or {ConfigKey.AccessToken.PulumiName}); set it with `pulumi config set --secret {key.PulumiName} <value>` or the {key.EnvironmentVariable} environment variable"
        : $"missing required configuration key {key.PulumiName}; set it with `pulumi config set {key.PulumiName} <value>` or the {key.EnvironmentVariable} environment variable";

    private static Uri? ParseEndpoint(ConfigKey key, Dictionary<string, string?> effective, List<CheckFailure> failures)
    {
        var text = effective[key.Name];
        if (text is null)
        {
            return null; // unknown during preview
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add(new CheckFailure(key.Name, $"{key.PulumiName} must be an absolute https:// URL, e.g. {key.Default}; got '{text}'"));
            return null;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            // Credentials and tokens would travel in clear text.
            failures.Add(new CheckFailure(key.Name, $"{key.PulumiName} must use https://; http:// is allowed only for loopback addresses (the local emulator); got '{text}'"));
            return null;
        }
        return uri;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address));
}
