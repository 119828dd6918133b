using System.Diagnostics.CodeAnalysis;

namespace Provisioner.Core.Definitions;

/// <summary>Resolves <c>{ secret: NAME }</c> references. The CLI reads environment variables, the plugin a
/// secret map input; each says in <see cref="DescribeMissing"/> how a user supplies a missing one.</summary>
public interface ISecretSource
{
    bool TryGetSecret(string name, [NotNullWhen(true)] out string? value);

    /// <summary>A hint for the error message, e.g. "set the environment variable AEP_SECRET_X". Never a value.</summary>
    string DescribeMissing(string name);
}

/// <summary>Secrets from a map (the plugin's <c>secrets</c> input, tests).</summary>
public sealed class DictionarySecretSource(IReadOnlyDictionary<string, string> secrets, Func<string, string>? describeMissing = null) : ISecretSource
{
    public bool TryGetSecret(string name, [NotNullWhen(true)] out string? value) => secrets.TryGetValue(name, out value);

    public string DescribeMissing(string name) => describeMissing?.Invoke(name) ?? $"add '{name}' to the secrets";
}
