namespace Provisioner.PulumiProvider.Configuration;

/// <summary>DiffConfig: a new endpoint, org or sandbox points the provider at different connections, so every
/// resource it manages must be replaced; other keys (credentials, IMS endpoint) just reconfigure it.</summary>
public static class ConfigDiffer
{
    public static DiffResult Diff(PropertyMap olds, PropertyMap news, Func<string, string?> environment)
    {
        var before = ConfigReader.Read(olds, environment).Checked;
        var after = ConfigReader.Read(news, environment).Checked;
        var detailed = new Dictionary<string, DiffKind>(StringComparer.Ordinal);
        foreach (var key in ConfigKey.All)
        {
            var old = before[key.Name]?.Unwrapped;
            var @new = after[key.Name]?.Unwrapped;
            if (!Equals(old, @new))
            {
                detailed[key.Name] = DiffResult.Kind(old is not null, @new is not null, ConfigKey.ReplaceOnChange.Contains(key));
            }
        }
        return new DiffResult(detailed);
    }
}
