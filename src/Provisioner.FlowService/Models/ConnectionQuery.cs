namespace Provisioner.FlowService.Models;

/// <summary>Filters for a list (<c>GET /connections</c>, and the same parameters on <c>/sourceConnections</c>,
/// <c>/targetConnections</c>, <c>/flows</c>, <c>/runs</c>): each <see cref="Properties"/> entry is sent as one
/// <c>property=</c> parameter (ANDed), e.g. <c>name==Mixpanel</c> or <c>connectionSpec.id==fd2c…</c>.</summary>
public sealed record ConnectionQuery
{
    public IReadOnlyList<string> Properties { get; init; } = [];
    /// <summary>Page size (<c>limit</c>); the service caps it at 100. Null = service default.</summary>
    public int? PageSize { get; init; }
    /// <summary><c>orderby</c>: a field, descending with a leading dash (<c>-createdAt</c>). Null = service order.</summary>
    public string? OrderBy { get; init; }
}
