namespace Provisioner.FlowService.Json;

/// <summary><c>{"items": [...], "_links": {"next": {"href": …}}}</c>: every GET on a Flow Service collection (/connections, /flows, /runs, /flowSpecs, …).</summary>
internal sealed record ItemsPage<T>
{
    [JsonPropertyName("items")] public IReadOnlyList<T>? Items { get; init; }
    [JsonPropertyName("_links")] public PageLinks? Links { get; init; }
}

internal sealed record PageLinks
{
    [JsonPropertyName("next")] public PageLink? Next { get; init; }
}

internal sealed record PageLink
{
    [JsonPropertyName("href")] public string? Href { get; init; }
}

/// <summary>IMS <c>/ims/token/v3</c> answer; <c>expires_in</c> is in seconds.</summary>
internal sealed record ImsTokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("token_type")] public string? TokenType { get; init; }
    [JsonPropertyName("expires_in")] public long? ExpiresIn { get; init; }
}
