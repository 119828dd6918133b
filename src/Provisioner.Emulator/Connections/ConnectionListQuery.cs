using System.Text;
using System.Text.Json.Serialization;

namespace Provisioner.Emulator.Connections;

/// <summary>
/// <c>GET /connections</c> query: filters, order, page size, continuation. Paging is keyset-based: the opaque
/// continuation token carries the query and the sort key of the last item served, so a page boundary never shifts
/// when connections are inserted or deleted concurrently (no item is skipped or served twice).
/// Default page size when <c>limit</c> is absent: <see cref="DefaultLimit"/> (the service's default is not
/// documented); any positive <c>limit</c> is honoured as asked: the sources OAS sets no maximum on <c>/connections</c>
/// (the cap of 100 is documented for <c>/connectionSpecs/{id}/configs</c> only, see <see cref="Endpoints.ConnectionSpecConfigs"/>).
/// </summary>
internal sealed record ConnectionListQuery(IReadOnlyList<string> Properties, string? OrderBy, int Limit, Cursor? After, bool Count)
{
    public const int DefaultLimit = 100;

    private static readonly Dictionary<string, (Func<StoredConnection, string?> Get, bool Numeric)> Fields = new(StringComparer.Ordinal)
    {
        ["id"] = (c => c.Id, false),
        ["name"] = (c => c.Name, false),
        ["description"] = (c => c.Description, false),
        ["state"] = (c => c.State, false),
        ["connectionSpec.id"] = (c => c.SpecId, false),
        ["connectionSpec.version"] = (c => c.SpecVersion, false),
        ["auth.specName"] = (c => c.AuthSpecName ?? "", false),
        ["createdAt"] = (c => c.CreatedAt.ToString(System.Globalization.CultureInfo.InvariantCulture), true),
        ["updatedAt"] = (c => c.UpdatedAt.ToString(System.Globalization.CultureInfo.InvariantCulture), true),
    };

    private static readonly string[] SortFields = ["id", "name", "description", "state", "createdAt", "updatedAt"];

    public static (ConnectionListQuery? Query, FlowError? Error) FromRequest(IQueryCollection query)
    {
        var token = query["continuationToken"].ToString();
        var count = query["count"].ToString();
        var countRequested = count.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (count.Length > 0 && !countRequested && !count.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return (null, FlowError.BadRequest(1440, $"Invalid value '{count}' for 'count': expected true or false."));
        }

        if (countRequested && query.ContainsKey("limit"))
        {
            return (null, FlowError.BadRequest(1401, "The limit and count parameters cannot be given together."));
        }

        if (token.Length > 0)
        {
            // The token holds the whole query; parameters sent beside it are ignored, as a "next" href carries only the token.
            var decoded = Decode(token);
            return decoded is null
                ? (null, FlowError.BadRequest(1440, "The continuationToken is not valid. Restart the listing without it."))
                : Validate(decoded with { Count = false });
        }

        var limit = DefaultLimit;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, out limit) || limit < 1))
        {
            return (null, FlowError.BadRequest(1440, $"Invalid value '{limitText}' for 'limit': expected a positive integer."));
        }

        var orderBy = query["orderby"].ToString();
        return Validate(new ConnectionListQuery(query["property"].Select(p => p ?? "").ToArray(), orderBy.Length == 0 ? null : orderBy,
            limit, null, countRequested));
    }

    private static (ConnectionListQuery?, FlowError?) Validate(ConnectionListQuery q)
    {
        foreach (var property in q.Properties)
        {
            var (_, error) = PropertyFilter.Parse(property, Fields.Keys);
            if (error is not null) return (null, error);
        }

        if (q.OrderBy is not null && !SortFields.Contains(SortField(q.OrderBy).Field))
        {
            return (null, FlowError.BadRequest(1432, $"Invalid orderby '{q.OrderBy}': field '{SortField(q.OrderBy).Field}' cannot be sorted on (supported: {string.Join(", ", SortFields)})."));
        }

        return (q, null);
    }

    private static (string Field, bool Descending) SortField(string orderBy) => orderBy[0] switch
    {
        '-' => (orderBy[1..], true),
        '+' => (orderBy[1..], false),
        _ => (orderBy, false),
    };

    /// <summary>Filters and sorts the caller's connections (all pages, before paging).</summary>
    public IEnumerable<StoredConnection> Apply(IEnumerable<StoredConnection> scoped)
    {
        var filters = Properties.Select(p => PropertyFilter.Parse(p, Fields.Keys).Filter!).ToList();
        var matching = scoped.Where(c => filters.All(f => f.Matches(Fields[f.Field].Get(c), Fields[f.Field].Numeric)));
        return matching.OrderBy(KeyOf, Comparer<Cursor>.Create(CompareKeys));
    }

    /// <summary>One page, plus the token for the next one (null on the last page).</summary>
    public (IReadOnlyList<StoredConnection> Page, string? NextToken) Page(IEnumerable<StoredConnection> scoped)
    {
        var remaining = Apply(scoped).Where(c => After is null || CompareKeys(KeyOf(c), After) > 0);
        var window = remaining.Take(Limit + 1).ToList();
        if (window.Count <= Limit) return (window, null);
        var page = window.Take(Limit).ToList();
        var next = this with { After = KeyOf(page[^1]), Count = false };
        return (page, Encode(next));
    }

    /// <summary>The sort key: the orderby field's value (none = insertion order), then the insertion sequence.</summary>
    private Cursor KeyOf(StoredConnection c) => new(OrderBy is null ? null : Fields[SortField(OrderBy).Field].Get(c), c.Sequence);

    private int CompareKeys(Cursor a, Cursor b)
    {
        var (field, descending) = OrderBy is null ? ("", false) : SortField(OrderBy);
        var byField = field.Length == 0 ? 0 : CompareValues(a.Value, b.Value, Fields[field].Numeric);
        if (byField == 0) byField = a.Sequence.CompareTo(b.Sequence);
        return descending ? -byField : byField;
    }

    /// <summary>Missing values sort first; numbers numerically; strings ordinally.</summary>
    private static int CompareValues(string? a, string? b, bool numeric)
    {
        if (a is null || b is null) return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        if (numeric && long.TryParse(a, out var x) && long.TryParse(b, out var y)) return x.CompareTo(y);
        return string.CompareOrdinal(a, b);
    }

    private static readonly JsonSerializerOptions TokenJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static string Encode(ConnectionListQuery q) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(q, TokenJson)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ConnectionListQuery? Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - base64.Length % 4) % 4), '=');
            var q = JsonSerializer.Deserialize<ConnectionListQuery>(Convert.FromBase64String(base64), TokenJson);
            return q is { Properties: not null, Limit: >= 1, After: not null } ? q : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>The sort key of an item: its sort-field value and its insertion sequence (the tie-breaker).</summary>
internal sealed record Cursor(string? Value, long Sequence);
