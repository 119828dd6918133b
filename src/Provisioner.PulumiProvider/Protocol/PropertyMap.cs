using System.Collections.Immutable;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>An ordered, immutable property bag (inputs, outputs, config) with ordinal keys.</summary>
public sealed class PropertyMap : IEquatable<PropertyMap>
{
    public static readonly PropertyMap Empty = new(ImmutableSortedDictionary<string, PropertyValue>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableSortedDictionary<string, PropertyValue> _values;

    private PropertyMap(ImmutableSortedDictionary<string, PropertyValue> values) => _values = values;

    public static PropertyMap From(IEnumerable<KeyValuePair<string, PropertyValue>> values) =>
        new(values.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    public int Count => _values.Count;
    public IEnumerable<string> Keys => _values.Keys;
    public IEnumerable<PropertyValue> Values => _values.Values;
    public IEnumerable<KeyValuePair<string, PropertyValue>> Entries => _values;

    public PropertyValue? this[string key] => _values.TryGetValue(key, out var v) ? v : null;

    public bool TryGetValue(string key, out PropertyValue value) => _values.TryGetValue(key, out value!);

    public PropertyMap Set(string key, PropertyValue value) => new(_values.SetItem(key, value));

    /// <summary>Each value wrapped as secret where <paramref name="template"/>'s was (<see cref="PropertyValue.SecretsLike"/>).</summary>
    public PropertyMap SecretsLike(PropertyMap template) =>
        new(_values.ToImmutableSortedDictionary(e => e.Key, e => e.Value.SecretsLike(template[e.Key]), _values.KeyComparer));

    public PropertyMap Remove(string key) => new(_values.Remove(key));

    /// <summary>Sets the key when <paramref name="value"/> is not null, removes it otherwise.</summary>
    public PropertyMap SetOrRemove(string key, PropertyValue? value) => value is null ? Remove(key) : Set(key, value);

    public bool Equals(PropertyMap? other) =>
        other is not null && other._values.Count == _values.Count &&
        _values.All(p => other._values.TryGetValue(p.Key, out var v) && Equals(v, p.Value));

    public override bool Equals(object? obj) => obj is PropertyMap other && Equals(other);

    public override int GetHashCode() => _values.Count;

    public override string ToString() => "{" + string.Join(", ", _values.Keys) + "}";
}
