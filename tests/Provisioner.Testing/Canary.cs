namespace Provisioner.Testing;

/// <summary>
/// Unique, recognisable secret values for leak tests: put a canary where a secret goes (client secret, token,
/// password), run the scenario, then scan everything captured (logs, stdout, exception messages, files).
/// </summary>
public sealed class Canary
{
    private readonly List<(string Label, string Value)> _issued = [];
    private readonly object _gate = new();

    /// <summary>A new value, e.g. <c>CANARY-password-3f9c…</c>. Distinct per call, safe in URLs, JSON, YAML and env vars.</summary>
    public string Create(string label)
    {
        var value = $"CANARY-{label}-{Guid.NewGuid():N}";
        lock (_gate) _issued.Add((label, value));
        return value;
    }

    public IReadOnlyList<string> Values
    {
        get { lock (_gate) return _issued.Select(i => i.Value).ToArray(); }
    }

    /// <summary>Labels of the canaries found in <paramref name="text"/> (empty = clean). Matches the full value,
    /// and also its distinctive hex tail, so a truncated or re-encoded leak is still caught.</summary>
    public IReadOnlyList<string> FindIn(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        lock (_gate)
        {
            return _issued
                .Where(i => text.Contains(i.Value, StringComparison.Ordinal) || text.Contains(i.Value[^32..], StringComparison.OrdinalIgnoreCase))
                .Select(i => i.Label)
                .Distinct()
                .ToArray();
        }
    }

    /// <summary>Throws <see cref="CanaryLeakException"/> naming the leaked labels and <paramref name="where"/>; the
    /// message never repeats the values themselves.</summary>
    public void AssertAbsent(string? text, string where)
    {
        var found = FindIn(text);
        if (found.Count > 0) throw new CanaryLeakException($"Secret canary(ies) [{string.Join(", ", found)}] leaked into {where}.");
    }

    /// <summary>Scans every text; throws once with all places that leaked.</summary>
    public void AssertAbsent(IEnumerable<(string Where, string? Text)> captured)
    {
        var leaks = captured.Select(c => (c.Where, Found: FindIn(c.Text))).Where(c => c.Found.Count > 0)
            .Select(c => $"{c.Where}: [{string.Join(", ", c.Found)}]").ToArray();
        if (leaks.Length > 0) throw new CanaryLeakException("Secret canaries leaked: " + string.Join("; ", leaks));
    }
}

public sealed class CanaryLeakException(string message) : Exception(message);
