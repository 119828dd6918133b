using System.Globalization;
using System.Text;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>
/// Pulumi property paths (<c>auth.params.password</c>, <c>auth.params["a.b"]</c>, <c>items[0]</c>) as used by
/// <c>ignoreChanges</c> and <c>detailedDiff</c> keys. Only object keys matter for this provider.
/// </summary>
public static class PropertyPath
{
    /// <summary>Splits a path into its keys; array indexes come back as their digits. Returns null if malformed.</summary>
    public static IReadOnlyList<string>? Parse(string path)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '"')
            {
                // ["quoted key"], with \" and \\ escapes
                var key = new StringBuilder();
                var j = i + 2;
                for (; j < path.Length && path[j] != '"'; j++)
                {
                    if (path[j] == '\\' && j + 1 < path.Length)
                    {
                        j++;
                    }
                    key.Append(path[j]);
                }
                if (j + 1 >= path.Length || path[j + 1] != ']')
                {
                    return null;
                }
                parts.Add(key.ToString());
                i = j + 2;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return null;
                }
                parts.Add(path[(i + 1)..close]);
                i = close + 1;
            }
            else
            {
                var next = path.IndexOfAny(['.', '['], i);
                var segment = next < 0 ? path[i..] : path[i..next];
                if (segment.Length == 0)
                {
                    return null;
                }
                parts.Add(segment);
                i = next < 0 ? path.Length : next;
            }
            if (i < path.Length && path[i] == '.')
            {
                i++;
                if (i == path.Length)
                {
                    return null;
                }
            }
        }
        return parts.Count == 0 ? null : parts;
    }

    /// <summary>Formats keys as a path, quoting keys that are not plain identifiers.</summary>
    public static string Format(IEnumerable<string> keys)
    {
        var builder = new StringBuilder();
        foreach (var key in keys)
        {
            if (IsPlain(key))
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }
                builder.Append(key);
            }
            else
            {
                builder.Append("[\"").Append(key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            }
        }
        return builder.ToString();
    }

    /// <summary>The value at <paramref name="keys"/>, or null when any step is missing.</summary>
    public static PropertyValue? Get(PropertyMap map, IReadOnlyList<string> keys)
    {
        PropertyValue? current = PropertyValue.Of(map);
        foreach (var key in keys)
        {
            current = current?.Unwrapped switch
            {
                PropertyValue.ObjectValue o => o.Properties[key],
                PropertyValue.ArrayValue a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < a.Items.Length => a.Items[index],
                _ => null,
            };
        }
        return current;
    }

    /// <summary>Returns <paramref name="map"/> with the value at <paramref name="keys"/> set (null = removed).
    /// Missing intermediate objects are created; secretness of containers is kept.</summary>
    public static PropertyMap Set(PropertyMap map, IReadOnlyList<string> keys, PropertyValue? value)
    {
        if (keys.Count == 1)
        {
            return map.SetOrRemove(keys[0], value);
        }
        var child = map[keys[0]];
        var childMap = child?.AsObject();
        if (childMap is null)
        {
            if (value is null)
            {
                return map; // nothing to remove
            }
            childMap = PropertyMap.Empty;
        }
        var updated = PropertyValue.Of(Set(childMap, keys.Skip(1).ToArray(), value)).SecretLike(child);
        return map.Set(keys[0], updated);
    }

    private static bool IsPlain(string key) =>
        key.Length > 0 && (char.IsLetter(key[0]) || key[0] == '_') && key.All(c => char.IsLetterOrDigit(c) || c == '_');
}
