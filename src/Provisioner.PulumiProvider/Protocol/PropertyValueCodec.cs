using System.Collections.Immutable;
using System.Collections.Frozen;
using Google.Protobuf.WellKnownTypes;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>
/// google.protobuf.Struct ↔ <see cref="PropertyMap"/>: decodes Pulumi's special objects (secret, output value) and
/// unknown sentinels, and encodes secrets and unknowns back the way the engine reads them (reference §6).
/// </summary>
public static class PropertyValueCodec
{
    public const string SignatureKey = "4dabf18193072939515e22adb298388d";
    public const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";
    public const string OutputValueSignature = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    /// <summary>The unknown sentinel to send.</summary>
    public const string UnknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    // The engine also knows typed unknown sentinels; treat every one of them as unknown.
    private static readonly FrozenSet<string> UnknownSentinels = FrozenSet.Create(StringComparer.Ordinal,
        UnknownSentinel,
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
        "030794c1-ac77-496b-92df-f27374a8bd58",
        "e48ece36-62e2-4504-bad9-02848725956a",
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff");

    public static PropertyMap Decode(Struct? value) =>
        value is null ? PropertyMap.Empty : PropertyMap.From(value.Fields.Select(f => KeyValuePair.Create(f.Key, Decode(f.Value))));

    public static PropertyValue Decode(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.None or Value.KindOneofCase.NullValue => PropertyValue.Null,
        Value.KindOneofCase.BoolValue => PropertyValue.Of(value.BoolValue),
        Value.KindOneofCase.NumberValue => PropertyValue.Of(value.NumberValue),
        Value.KindOneofCase.StringValue => UnknownSentinels.Contains(value.StringValue)
            ? PropertyValue.Computed
            : PropertyValue.Of(value.StringValue),
        Value.KindOneofCase.ListValue => new PropertyValue.ArrayValue(value.ListValue.Values.Select(Decode).ToImmutableArray()),
        Value.KindOneofCase.StructValue => DecodeObject(value),
        _ => PropertyValue.Null,
    };

    private static PropertyValue DecodeObject(Value value)
    {
        var fields = value.StructValue.Fields;
        if (!fields.TryGetValue(SignatureKey, out var signature))
        {
            return PropertyValue.Of(Decode(value.StructValue));
        }
        switch (signature.StringValue)
        {
            case SecretSignature:
                return PropertyValue.Secret(fields.TryGetValue("value", out var inner) ? Decode(inner) : PropertyValue.Null);
            case OutputValueSignature:
                // Only sent when a provider accepts outputs (this one does not), but decode it robustly:
                // a missing value means unknown, and the secret flag wraps it.
                var decoded = fields.TryGetValue("value", out var known) ? Decode(known) : PropertyValue.Computed;
                return fields.TryGetValue("secret", out var secret) && secret.BoolValue ? PropertyValue.Secret(decoded) : decoded;
            default:
                return new PropertyValue.OpaqueValue(value.Clone());
        }
    }

    public static Struct Encode(PropertyMap map)
    {
        var result = new Struct();
        foreach (var (key, value) in map.Entries)
        {
            result.Fields[key] = Encode(value);
        }
        return result;
    }

    public static Value Encode(PropertyValue value) => value switch
    {
        PropertyValue.NullValue => Value.ForNull(),
        PropertyValue.ComputedValue => Value.ForString(UnknownSentinel),
        PropertyValue.BoolValue b => Value.ForBool(b.Value),
        PropertyValue.NumberValue n => Value.ForNumber(n.Value),
        PropertyValue.StringValue s => Value.ForString(s.Value),
        PropertyValue.ArrayValue a => Value.ForList(a.Items.Select(Encode).ToArray()),
        PropertyValue.ObjectValue o => Value.ForStruct(Encode(o.Properties)),
        PropertyValue.SecretValue s => Value.ForStruct(new Struct
        {
            Fields =
            {
                [SignatureKey] = Value.ForString(SecretSignature),
                ["value"] = Encode(s.Inner.Unwrapped),
            },
        }),
        PropertyValue.OpaqueValue o => o.Raw.Clone(),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "unsupported property value"),
    };

    /// <summary>Human-readable type name of a value for check failures (never the value itself).</summary>
    public static string Describe(PropertyValue value) => value.Unwrapped switch
    {
        PropertyValue.NullValue => "null",
        PropertyValue.BoolValue => "a boolean",
        PropertyValue.NumberValue => "a number",
        PropertyValue.StringValue => "a string",
        PropertyValue.ArrayValue => "a list",
        PropertyValue.ObjectValue => "an object",
        PropertyValue.ComputedValue => "an unknown value",
        _ => "an asset, archive or resource reference",
    };
}
