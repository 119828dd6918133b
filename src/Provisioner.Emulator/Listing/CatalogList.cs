using System.Text.Json.Nodes;

namespace Provisioner.Emulator.Listing;

/// <summary>A catalog listing (<c>GET /connectionSpecs</c>, <c>GET /flowSpecs</c>): every entry in one
/// <c>{"items": […]}</c>, narrowed by <c>property=</c> filters on the given text fields (no paging: the catalogs are small).</summary>
internal static class CatalogList
{
    public static IResult Respond<T>(HttpContext context, IEnumerable<T> entries, IReadOnlyDictionary<string, Func<T, string>> fields, Func<T, JsonNode> render)
    {
        var filters = new List<PropertyFilter>();
        foreach (var expression in context.Request.Query["property"])
        {
            var (filter, error) = PropertyFilter.Parse(expression ?? "", fields.Keys.ToArray());
            if (error is not null) return error.ToResult(context);
            filters.Add(filter!);
        }

        var matching = entries.Where(e => filters.All(f => f.Matches(fields[f.Field](e), numeric: false)));
        return Results.Json(new JsonObject { ["items"] = new JsonArray(matching.Select(render).ToArray()) });
    }
}
