namespace Provisioner.PulumiProvider.Resources;

/// <summary>The structural checks every resource's Check makes, with one wording: a required or optional string, an
/// object with known keys. Unknown values (preview) always pass.</summary>
internal static class InputShape
{
    public static string? RequireString(PropertyMap map, string key, string path, List<CheckFailure> failures, bool required)
    {
        var value = map[key];
        if (value is null || value.IsNull)
        {
            if (required)
            {
                failures.Add(new CheckFailure(path, $"missing required property '{path}'"));
            }
            return null;
        }
        if (value.IsComputed)
        {
            return null;
        }
        if (value.AsString() is not { } text)
        {
            failures.Add(new CheckFailure(path, $"{path} must be a string, not {PropertyValueCodec.Describe(value)}"));
            return null;
        }
        if (required && text.Length == 0)
        {
            failures.Add(new CheckFailure(path, $"{path} must not be empty"));
            return null;
        }
        return text;
    }

    public static PropertyMap? RequireObject(PropertyMap map, string key, string path, List<CheckFailure> failures, IReadOnlyList<string> allowedKeys)
    {
        var value = map[key];
        if (value is null || value.IsNull)
        {
            failures.Add(new CheckFailure(path, $"missing required property '{path}'"));
            return null;
        }
        if (value.IsComputed)
        {
            return null;
        }
        if (value.AsObject() is not { } obj)
        {
            failures.Add(new CheckFailure(path, $"{path} must be an object with {string.Join(", ", allowedKeys)}, not {PropertyValueCodec.Describe(value)}"));
            return null;
        }
        foreach (var extra in obj.Keys.Where(k => !allowedKeys.Contains(k)))
        {
            failures.Add(new CheckFailure(path + "." + extra, $"unknown property '{path}.{extra}'; {path} takes {string.Join(", ", allowedKeys)}"));
        }
        return obj;
    }
}
