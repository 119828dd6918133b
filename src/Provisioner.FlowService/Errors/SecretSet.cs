using System.Collections.Concurrent;

namespace Provisioner.FlowService.Errors;

/// <summary>
/// The secret values one operation handled (client secret, bearer token, source credentials from the body).
/// Any text taken from a response is scrubbed against them before it reaches an exception or a log, because a
/// service may echo a request back in its error detail.
/// </summary>
internal sealed class SecretSet
{
    public const string Mask = "***";
    public static readonly HttpRequestOptionsKey<SecretSet> Key = new("Provisioner.FlowService.Secrets");

    private readonly ConcurrentDictionary<string, byte> _values = new(StringComparer.Ordinal);

    public void Add(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _values.TryAdd(value, 0);
        }
    }

    /// <summary>Replaces every known secret in <paramref name="text"/>; longest first so that a secret containing
    /// another one is removed whole.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _values.IsEmpty)
        {
            return text;
        }

        foreach (var secret in _values.Keys.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    public static SecretSet Of(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(Key, out var set))
        {
            set = new SecretSet();
            request.Options.Set(Key, set);
        }

        return set;
    }
}
