using System.Collections.Immutable;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>
/// One Pulumi property value, as the engine means it rather than as protobuf carries it: secrets and unknowns are
/// first-class here, so resource logic never sees signature keys or sentinel strings.
/// </summary>
public abstract record PropertyValue
{
    public static readonly PropertyValue Null = new NullValue();
    /// <summary>An output not known yet (preview only).</summary>
    public static readonly PropertyValue Computed = new ComputedValue();

    public static PropertyValue Of(string value) => new StringValue(value);
    public static PropertyValue Of(bool value) => new BoolValue(value);
    public static PropertyValue Of(double value) => new NumberValue(value);
    public static PropertyValue Of(PropertyMap value) => new ObjectValue(value);
    public static PropertyValue Secret(PropertyValue inner) => inner is SecretValue ? inner : new SecretValue(inner);

    /// <summary>The value with any secret wrapper removed.</summary>
    public PropertyValue Unwrapped => this is SecretValue s ? s.Inner.Unwrapped : this;
    public bool IsSecret => this is SecretValue;
    public bool IsComputed => Unwrapped is ComputedValue;
    public bool IsNull => Unwrapped is NullValue;

    /// <summary>True when this value or anything inside it is unknown.</summary>
    public bool ContainsComputed => Unwrapped switch
    {
        ComputedValue => true,
        ArrayValue a => a.Items.Any(i => i.ContainsComputed),
        ObjectValue o => o.Properties.Values.Any(v => v.ContainsComputed),
        _ => false,
    };

    /// <summary>True when this value or anything inside it is secret.</summary>
    public bool ContainsSecret => this switch
    {
        SecretValue => true,
        ArrayValue a => a.Items.Any(i => i.ContainsSecret),
        ObjectValue o => o.Properties.Values.Any(v => v.ContainsSecret),
        _ => false,
    };

    /// <summary>Wraps this value as secret when <paramref name="template"/> was secret (keeps secretness across refresh).</summary>
    public PropertyValue SecretLike(PropertyValue? template) => template is SecretValue ? Secret(this) : this;

    /// <summary>As <see cref="SecretLike"/> at every depth: each member or item is wrapped where the template's was, so
    /// a value rebuilt from the service (a refresh) keeps a secret the program passed deep inside an object
    /// (<c>params: { path: config.requireSecret(…) }</c>).</summary>
    public PropertyValue SecretsLike(PropertyValue? template)
    {
        var inner = template?.Unwrapped;
        PropertyValue shaped = (this, inner) switch
        {
            (ObjectValue o, ObjectValue t) => new ObjectValue(o.Properties.SecretsLike(t.Properties)),
            (ArrayValue a, ArrayValue t) => new ArrayValue([.. a.Items.Select((item, i) => i < t.Items.Length ? item.SecretsLike(t.Items[i]) : item)]),
            _ => this,
        };
        return shaped.SecretLike(template);
    }

    public string? AsString() => Unwrapped is StringValue s ? s.Value : null;

    // A record prints every public property; the derived ones above (Unwrapped returns this) would recurse forever.
    // Only each kind's own positional members are printed.
    protected virtual bool PrintMembers(System.Text.StringBuilder builder) => false;
    public PropertyMap? AsObject() => Unwrapped is ObjectValue o ? o.Properties : null;

    public sealed record NullValue : PropertyValue;
    public sealed record ComputedValue : PropertyValue;
    public sealed record BoolValue(bool Value) : PropertyValue;
    public sealed record NumberValue(double Value) : PropertyValue;
    public sealed record StringValue(string Value) : PropertyValue;
    public sealed record ArrayValue(ImmutableArray<PropertyValue> Items) : PropertyValue
    {
        // ImmutableArray compares by reference; values compare by content.
        public bool Equals(ArrayValue? other) => other is not null && Items.SequenceEqual(other.Items);
        public override int GetHashCode() => Items.Length;
    }
    public sealed record ObjectValue(PropertyMap Properties) : PropertyValue;
    public sealed record SecretValue(PropertyValue Inner) : PropertyValue
    {
        // Never let a secret reach a log line or an exception message through ToString().
        public override string ToString() => "[secret]";
    }
    /// <summary>Assets, archives and resource references: not used by this provider, passed through untouched.</summary>
    public sealed record OpaqueValue(Google.Protobuf.WellKnownTypes.Value Raw) : PropertyValue;
}
