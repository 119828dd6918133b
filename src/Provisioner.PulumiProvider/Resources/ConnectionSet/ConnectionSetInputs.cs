using Provisioner.Core.Definitions;
using Provisioner.PulumiProvider.Protocol;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// The set's inputs as the resource logic needs them. <see cref="Definitions"/> null = unknown (preview);
/// <see cref="Secrets"/> holds only the known values and <see cref="UnknownSecrets"/> the names whose value is not
/// known yet (<see cref="SecretsUnknown"/>: the whole map is).
/// </summary>
public sealed record ConnectionSetInputs(
    string? Definitions,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlySet<string> UnknownSecrets,
    bool SecretsUnknown,
    bool RetainOnRemove,
    int Parallelism,
    bool TestAfterApply = false)
{
    public SetOptions Options => new(RetainOnRemove, Parallelism);

    public bool IsKnown => Definitions is not null && !SecretsUnknown && UnknownSecrets.Count == 0;

    /// <summary>True when a secret of this name will exist once all values are known.</summary>
    public bool MayHaveSecret(string name) => SecretsUnknown || UnknownSecrets.Contains(name) || Secrets.ContainsKey(name);

    /// <summary>The secret source for the resolver; a missing name says which input to add it to.</summary>
    public ISecretSource SecretSource() =>
        new DictionarySecretSource(Secrets, name => $"add '{name}' to the {S.Secrets} input of the {S.Type} (e.g. from `pulumi config set --secret {name} …`)");

    /// <summary>The secret source for an offline resolve (Check, Diff, preview): a secret whose value is not known yet
    /// stands in as <see cref="PropertyValueCodec.UnknownSentinel"/>, so it counts as set and compares as changed.</summary>
    public ISecretSource PreviewSecretSource() => new PreviewSecrets(this);

    private sealed class PreviewSecrets(ConnectionSetInputs inputs) : ISecretSource
    {
        public bool TryGetSecret(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            if (inputs.Secrets.TryGetValue(name, out value))
            {
                return true;
            }
            value = inputs.MayHaveSecret(name) ? PropertyValueCodec.UnknownSentinel : null;
            return value is not null;
        }

        public string DescribeMissing(string name) => inputs.SecretSource().DescribeMissing(name);
    }

    /// <summary>Reads checked inputs (Check has applied defaults and reported problems; anything odd here is a bug
    /// in the caller or a hand-edited state, and gets a clear error).</summary>
    public static ConnectionSetInputs Read(PropertyMap inputs)
    {
        var (values, unknown, mapUnknown, _) = ReadSecrets(inputs[S.Secrets]);
        var definitions = inputs[S.Definitions] switch
        {
            { IsComputed: true } => null,
            { } v when v.AsString() is { } text => text,
            _ => throw ProviderException.InvalidArgument($"{S.Definitions} is missing or not a string"),
        };
        var options = SetOptions.From(inputs);
        return new ConnectionSetInputs(definitions, values, unknown, mapUnknown, options.RetainOnRemove, options.Parallelism,
            inputs[S.TestAfterApply]?.Unwrapped is PropertyValue.BoolValue { Value: true });
    }

    /// <summary>Structural checks and defaults. The definitions text itself is checked by the resource.</summary>
    public static (PropertyMap Inputs, List<CheckFailure> Failures) Check(PropertyMap news)
    {
        var failures = new List<CheckFailure>();
        foreach (var key in news.Keys.Where(k => !S.Inputs.Contains(k)))
        {
            failures.Add(new CheckFailure(key, $"unknown property '{key}'; a {S.Type} takes {string.Join(", ", S.Inputs)}"));
        }
        var inputs = news;

        switch (news[S.Definitions])
        {
            case null or { IsNull: true }:
                failures.Add(new CheckFailure(S.Definitions, $"{S.Definitions} is required: the YAML text of the connection definitions (e.g. `fn::readFile: ./connections.yaml`)"));
                break;
            case { IsComputed: false } v when v.AsString() is null:
                failures.Add(new CheckFailure(S.Definitions, $"{S.Definitions} must be the YAML text of the definitions, not {PropertyValueCodec.Describe(v)}"));
                break;
        }

        var secrets = news[S.Secrets];
        if (secrets is null || secrets.IsNull)
        {
            inputs = inputs.Set(S.Secrets, PropertyValue.Secret(PropertyValue.Of(PropertyMap.Empty)));
        }
        else
        {
            foreach (var problem in ReadSecrets(secrets).Problems)
            {
                failures.Add(problem);
            }
            // The schema marks the map secret; wrap it here too so no engine path can store it in plain text.
            inputs = inputs.Set(S.Secrets, PropertyValue.Secret(secrets));
        }

        inputs = BooleanInput.Check(news, inputs, S.RetainOnRemove, failures);
        inputs = BooleanInput.Check(news, inputs, S.TestAfterApply, failures);

        switch (news[S.Parallelism])
        {
            case null or { IsNull: true }:
                inputs = inputs.Set(S.Parallelism, PropertyValue.Of(S.DefaultParallelism));
                break;
            case { IsComputed: false } v when v.Unwrapped is not PropertyValue.NumberValue { Value: >= 1 and <= S.MaxParallelism } n || n.Value != Math.Floor(n.Value):
                failures.Add(new CheckFailure(S.Parallelism, $"{S.Parallelism} must be a whole number from 1 to {S.MaxParallelism} (connections written at once), not {(v.Unwrapped is PropertyValue.NumberValue x ? x.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : PropertyValueCodec.Describe(v))}"));
                break;
        }
        return (inputs, failures);
    }

    private static (Dictionary<string, string> Values, HashSet<string> Unknown, bool MapUnknown, List<CheckFailure> Problems) ReadSecrets(PropertyValue? secrets)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<CheckFailure>();
        if (secrets is null || secrets.IsNull)
        {
            return (values, unknown, false, problems);
        }
        if (secrets.IsComputed)
        {
            return (values, unknown, true, problems);
        }
        if (secrets.AsObject() is not { } map)
        {
            problems.Add(new CheckFailure(S.Secrets, $"{S.Secrets} must be a map of secret name → value, not {PropertyValueCodec.Describe(secrets)}"));
            return (values, unknown, false, problems);
        }
        foreach (var (name, value) in map.Entries)
        {
            if (value.IsComputed)
            {
                unknown.Add(name);
            }
            else if (value.AsString() is { } text)
            {
                values[name] = text;
            }
            else
            {
                // Never describe the value itself beyond its kind: it is a secret.
                problems.Add(new CheckFailure(PropertyPath.Format([S.Secrets, name]), $"secret '{name}' must be a string, not {PropertyValueCodec.Describe(value)}"));
            }
        }
        return (values, unknown, false, problems);
    }
}

/// <summary>The set's two options, read from inputs or (older engines send no old inputs) from outputs, which echo them.</summary>
public sealed record SetOptions(bool RetainOnRemove, int Parallelism)
{
    public static SetOptions From(PropertyMap properties) => new(
        properties[S.RetainOnRemove]?.Unwrapped is PropertyValue.BoolValue { Value: true },
        properties[S.Parallelism]?.Unwrapped is PropertyValue.NumberValue { Value: >= 1 and <= S.MaxParallelism } n ? (int)n.Value : S.DefaultParallelism);

    /// <summary>From <paramref name="inputs"/> when the engine sent them, else from <paramref name="outputs"/>.</summary>
    public static SetOptions From(PropertyMap? inputs, PropertyMap? outputs) =>
        From(inputs is { Count: > 0 } ? inputs : outputs ?? PropertyMap.Empty);
}
