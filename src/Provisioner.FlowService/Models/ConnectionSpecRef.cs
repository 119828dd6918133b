namespace Provisioner.FlowService.Models;

/// <summary>Which source a connection is for: <c>connectionSpec {id, version}</c>. Cannot change after create.</summary>
public sealed record ConnectionSpecRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version = ConnectionSpecRef.DefaultVersion)
{
    /// <summary>The version of every source spec Adobe documents, and what an omitted version means.</summary>
    public const string DefaultVersion = "1.0";
}
