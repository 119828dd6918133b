using System.Text.Json.Serialization;

namespace Provisioner.FlowService.Models;

/// <summary>Body of <c>POST /connections</c>.</summary>
public sealed record CreateConnectionRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonPropertyName("connectionSpec")] ConnectionSpecRef ConnectionSpec,
    [property: JsonPropertyName("auth")] ConnectionAuth Auth);
