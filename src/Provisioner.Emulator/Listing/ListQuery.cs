using System.Text;
using System.Text.Json.Serialization;

namespace Provisioner.Emulator.Listing;

/// <summary>
/// A list query (<c>GET /connections</c>, <c>/sourceConnections</c>, <c>/flows</c>, <c>/runs</c>, …): filters, order,
/// page size, continuation. What can be filtered and sorted comes from the kind's <see cref="ListFields{T}"/>.
/// Paging is keyset-based: the opaque continuation token carries the query and the sort key of the last item served,
/// so a page boundary never shifts when items are inserted or deleted concurrently (no item is skipped or served twice).
/// Default page size when <c>limit</c> is absent: <see cref="DefaultLimit"/> (the service's default is not
/// documented); any positive <c>limit</c> is honoured as asked: the sources OAS sets no maximum on these lists
/// (the cap of 100 is documented for <c>/connectionSpecs/{id}/configs</c> only, see <see cref="Endpoints.ConnectionSpecConfigs"/>).
/// </summary>
internal sealed record ListQuery(IReadOnlyList<string> Properties, string? OrderBy, int Limit, Cursor? After, bool Count)
{
    public const int DefaultLimit = 100;

    public static (ListQuery? Query, FlowError? Error) FromRequest<T>(IQueryCollection query, ListFields<T> fields)
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
                : Validate(decoded with { Count = false }, fields);
        }

        var limit = DefaultLimit;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, out limit) || limit < 1))
        {
            return (null, FlowError.BadRequest(1440, $"Invalid value '{limitText}' for 'limit': expected a positive integer."));
        }

        var orderBy = query["orderby"].ToString();
        return Validate(new ListQuery(query["property"].Select(p => p ?? "").ToArray(), orderBy.Length == 0 ? null : orderBy,
            limit, null, countRequested), fields);
    }

    private static (ListQuery?, FlowError?) Validate<T>(ListQuery q, ListFields<T> fields)
    {
        foreach (var property in q.Properties)
        {
            var (_, error) = PropertyFilter.Parse(property, fields.Filterable.Keys.ToArray());
            if (error is not null) return (null, error);
        }

        if (q.OrderBy is not null && !fields.Sortable.Contains(SortField(q.OrderBy).Field))
        {
            return (null, FlowError.BadRequest(1432, $"Invalid orderby '{q.OrderBy}': field '{SortField(q.OrderBy).Field}' cannot be sorted on (supported: {string.Join(", ", fields.Sortable)})."));
        }

        return (q, null);
    }

    private static (string Field, bool Descending) SortField(string orderBy) => orderBy[0] switch
    {
        '-' => (orderBy[1..], true),
        '+' => (orderBy[1..], false),
        _ => (orderBy, false),
    };

    /// <summary>Filters and sorts the caller's items (all pages, before paging).</summary>
    public IEnumerable<T> Apply<T>(IEnumerable<T> scoped, ListFields<T> fields)
    {
        var filters = Properties.Select(p => PropertyFilter.Parse(p, fields.Filterable.Keys.ToArray()).Filter!).ToList();
        var matching = scoped.Where(item => filters.All(f => Passes(f, fields.Filterable[f.Field], item)));
        return matching.OrderBy(item => KeyOf(item, fields), Comparer<Cursor>.Create((a, b) => CompareKeys(a, b, fields)));
    }

    /// <summary>An array field (a flow's <c>sourceConnectionIds</c>) passes <c>==</c>/&lt;/&gt; when one element does,
    /// <c>!=</c> when none is excluded; a single-valued field is an array of one (or of none when absent).</summary>
    private static bool Passes<T>(PropertyFilter filter, ListField<T> field, T item)
    {
        var values = field.Values(item);
        if (values is null || values.Count == 0) return filter.Matches(null, field.Numeric);
        return filter.Op == "!="
            ? values.All(v => filter.Matches(v, field.Numeric))
            : values.Any(v => filter.Matches(v, field.Numeric));
    }

    /// <summary>One page, plus the token for the next one (null on the last page).</summary>
    public (IReadOnlyList<T> Page, string? NextToken) Page<T>(IEnumerable<T> scoped, ListFields<T> fields)
    {
        var remaining = Apply(scoped, fields).Where(item => After is null || CompareKeys(KeyOf(item, fields), After, fields) > 0);
        var window = remaining.Take(Limit + 1).ToList();
        if (window.Count <= Limit) return (window, null);
        var page = window.Take(Limit).ToList();
        var next = this with { After = KeyOf(page[^1], fields), Count = false };
        return (page, Encode(next));
    }

    /// <summary>The sort key: the orderby field's value (none = insertion order), then the insertion sequence.</summary>
    private Cursor KeyOf<T>(T item, ListFields<T> fields)
    {
        var values = OrderBy is null ? null : fields.Filterable[SortField(OrderBy).Field].Values(item);
        return new(values is { Count: > 0 } ? values[0] : null, fields.Sequence(item));
    }

    private int CompareKeys<T>(Cursor a, Cursor b, ListFields<T> fields)
    {
        var (field, descending) = OrderBy is null ? ("", false) : SortField(OrderBy);
        var byField = field.Length == 0 ? 0 : CompareValues(a.Value, b.Value, fields.Filterable[field].Numeric);
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

    private static string Encode(ListQuery q) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(q, TokenJson)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ListQuery? Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - base64.Length % 4) % 4), '=');
            var q = JsonSerializer.Deserialize<ListQuery>(Convert.FromBase64String(base64), TokenJson);
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
