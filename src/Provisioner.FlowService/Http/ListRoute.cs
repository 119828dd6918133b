using System.Globalization;
using System.Text;

namespace Provisioner.FlowService.Http;

/// <summary>The relative route of a list (<c>GET /connections</c>, <c>/flows</c>, <c>/runs</c>, …) for a
/// <see cref="ConnectionQuery"/>: one <c>property=</c> parameter per filter (the service ANDs them), <c>orderby</c> and
/// <c>limit</c>, each value percent-encoded.</summary>
internal static class ListRoute
{
    public static string Of(FlowCollection collection, ConnectionQuery query)
    {
        var path = new StringBuilder(collection.Path);
        var separator = '?';
        void Append(string name, string value)
        {
            path.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        foreach (var property in query.Properties)
        {
            Append("property", property);
        }

        if (query.OrderBy is { Length: > 0 } orderBy)
        {
            Append("orderby", orderBy);
        }

        if (query.PageSize is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, "query.PageSize");
            Append("limit", limit.ToString(CultureInfo.InvariantCulture));
        }

        return path.ToString();
    }
}
