namespace Provisioner.FlowService.Models;

/// <summary><c>auth {specName, params}</c>. <see cref="Params"/> holds source credentials: never log it.</summary>
public sealed record ConnectionAuth(
    [property: JsonPropertyName("specName")] string SpecName,
    [property: JsonPropertyName("params")] JsonObject Params);
