using System.Globalization;
using System.Text;

namespace Provisioner.FlowService.Http;

/// <summary>The relative route of <c>GET /connections</c> for a <see cref="ConnectionQuery"/>: one <c>property=</c>
/// parameter per filter (the service ANDs them) and <c>limit</c>, each value percent-encoded.</summary>
internal static class ConnectionListRoute
{
    public static string Of(ConnectionQuery query)
    {
        var path = new StringBuilder("connections");
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

        if (query.PageSize is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, "query.PageSize");
            Append("limit", limit.ToString(CultureInfo.InvariantCulture));
        }

        return path.ToString();
    }
}
