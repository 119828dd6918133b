namespace Provisioner.FlowService.Json;

/// <summary>Source-generated serializers: the plugin may be published Native-AOT, where reflection-based
/// System.Text.Json is unavailable.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(CreateConnectionRequest))]
[JsonSerializable(typeof(ItemsPage<Connection>))]
[JsonSerializable(typeof(ItemsPage<ConnectionSpec>))]
[JsonSerializable(typeof(ItemsPage<ExploreItem>))]
[JsonSerializable(typeof(ItemsPage<PipelineObject>))]
[JsonSerializable(typeof(ItemsPage<FlowSpec>))]
[JsonSerializable(typeof(ItemsPage<FlowRun>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(IReadOnlyList<JsonPatchOperation>))]
[JsonSerializable(typeof(IReadOnlyList<ExploreItem>))]
[JsonSerializable(typeof(ImsTokenResponse))]
[JsonSerializable(typeof(TestConnectionResponse))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class FlowServiceJsonContext : JsonSerializerContext;
