namespace Provisioner.FlowService.Batching;

/// <summary>
/// Packs values into <c>property=field==a,b,c</c> ("any of", reference §1.5) filters that each fit one request line:
/// at most a given number of values, and at most <see cref="MaxEncodedLength"/> characters once percent-encoded, so
/// no gateway in between refuses the URL (8 KB request lines are the common limit; this keeps far below it).
/// </summary>
public static class InListFilter
{
    /// <summary>Percent-encoded characters of one filter's value list (the rest of the URL is short and fixed).</summary>
    public const int MaxEncodedLength = 2000;

    /// <summary>Consecutive batches of <paramref name="values"/> (in order), each within <paramref name="maxValues"/>
    /// values and <see cref="MaxEncodedLength"/>. A single value longer than the budget gets a batch of its own.</summary>
    public static IEnumerable<string[]> Batches(IEnumerable<string> values, int maxValues)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValues, 1);
        var batch = new List<string>();
        var length = 0;
        foreach (var value in values)
        {
            // A comma is sent as %2C: three characters per separator.
            var cost = Uri.EscapeDataString(value).Length + (batch.Count > 0 ? 3 : 0);
            if (batch.Count > 0 && (batch.Count == maxValues || length + cost > MaxEncodedLength))
            {
                yield return batch.ToArray();
                batch.Clear();
                length = 0;
                cost = Uri.EscapeDataString(value).Length;
            }

            batch.Add(value);
            length += cost;
        }

        if (batch.Count > 0)
        {
            yield return batch.ToArray();
        }
    }
}
