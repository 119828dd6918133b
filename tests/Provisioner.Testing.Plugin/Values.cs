namespace Provisioner.Testing.Plugin;

/// <summary>Builds request Structs by hand, exactly as the engine puts them on the wire (reference §6), so the
/// tests do not depend on the provider's own codec to talk to it.</summary>
public static class Values
{
    public const string Sig = "4dabf18193072939515e22adb298388d";
    public const string SecretSig = "1b47061264138c4ac30d75fd1eb44270";
    public const string Unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    public static Value S(string value) => Value.ForString(value);

    public static Value Secret(Value inner) => Value.ForStruct(new Struct { Fields = { [Sig] = S(SecretSig), ["value"] = inner } });

    public static Value Secret(string inner) => Secret(S(inner));

    public static Value UnknownValue => S(Unknown);

    public static Value Obj(params (string Key, Value Value)[] fields) => Value.ForStruct(Struct(fields));

    public static Struct Struct(params (string Key, Value Value)[] fields)
    {
        var result = new Struct();
        foreach (var (key, value) in fields)
        {
            result.Fields[key] = value;
        }
        return result;
    }

    public static bool IsSecret(Value value) =>
        value.KindCase == Value.KindOneofCase.StructValue &&
        value.StructValue.Fields.TryGetValue(Sig, out var sig) && sig.StringValue == SecretSig;

    public static Value Unwrap(Value value) => IsSecret(value) ? value.StructValue.Fields["value"] : value;

    /// <summary>Follows a dotted path through objects and secret wrappers.</summary>
    public static Value? At(Struct root, string path)
    {
        Value current = Value.ForStruct(root);
        foreach (var key in path.Split('.'))
        {
            current = Unwrap(current);
            if (current.KindCase != Value.KindOneofCase.StructValue || !current.StructValue.Fields.TryGetValue(key, out var next))
            {
                return null;
            }
            current = next;
        }
        return current;
    }
}
