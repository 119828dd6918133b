namespace Provisioner.FlowService.Models;

/// <summary>Body of <c>POST /connections</c>. <see cref="Auth"/> is <c>null</c> (and left out) for a spec that takes
/// no auth, such as the Data Landing Zone destination: the OAS requires only <c>name</c> and <c>connectionSpec</c>.</summary>
public sealed record CreateConnectionRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonPropertyName("connectionSpec")] ConnectionSpecRef ConnectionSpec,
    [property: JsonPropertyName("auth"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConnectionAuth? Auth);
