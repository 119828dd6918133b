namespace Provisioner.FlowService.Tests.Support;

/// <summary>What the fake transport saw: enough to assert URLs, headers and bodies after the client returned.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    DateTimeOffset At)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string PathAndQuery => Uri.PathAndQuery;
}
