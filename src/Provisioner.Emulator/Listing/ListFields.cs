using System.Globalization;

namespace Provisioner.Emulator.Listing;

/// <summary>One field a list can be filtered (and maybe sorted) on: its values on an item — several for an array
/// field such as a flow's <c>sourceConnectionIds</c>, none when the item lacks it — compared numerically or not.</summary>
internal sealed record ListField<T>(Func<T, IReadOnlyList<string>?> Values, bool Numeric = false)
{
    public static ListField<T> Text(Func<T, string?> get) => new(item => get(item) is { } v ? [v] : null);

    /// <summary>Epoch milliseconds (<c>createdAt</c>, <c>updatedAt</c>): compared as numbers.</summary>
    public static ListField<T> EpochMillis(Func<T, long> get) => new(item => [get(item).ToString(CultureInfo.InvariantCulture)], Numeric: true);
}

/// <summary>What a kind's list query understands: its filterable fields, the ones <c>orderby</c> accepts, the
/// insertion sequence (default order and tie-breaker), and the path its <c>_links.next.href</c> starts with.</summary>
internal sealed record ListFields<T>(
    IReadOnlyDictionary<string, ListField<T>> Filterable,
    IReadOnlyList<string> Sortable,
    Func<T, long> Sequence,
    string NextHrefPath)
{
    /// <summary>The list response (reference §1.5): <c>{"count": N}</c> for <c>count=true</c>, else one page as
    /// <c>{"items": […]}</c> plus <c>_links.next.href</c> (relative to the Flow Service base) when more remain.</summary>
    public IResult Respond(HttpContext context, IEnumerable<T> scoped, Func<T, JsonNode> render)
    {
        var (query, error) = ListQuery.FromRequest(context.Request.Query, this);
        if (error is not null) return error.ToResult(context);
        if (query!.Count) return Results.Json(new JsonObject { ["count"] = query.Apply(scoped, this).Count() });

        var (page, next) = query.Page(scoped, this);
        var response = new JsonObject { ["items"] = new JsonArray(page.Select(render).ToArray()) };
        if (next is not null)
        {
            response["_links"] = new JsonObject { ["next"] = new JsonObject { ["href"] = $"{NextHrefPath}?continuationToken={next}" } };
        }

        return Results.Json(response);
    }
}
