using Provisioner.Core.Definitions;

namespace Provisioner.Core.Pipeline;

/// <summary>Which entry of the definitions an object points at: a base connection (<c>connections.&lt;key&gt;</c>,
/// <see cref="Kind"/> null) or a pipeline object of <see cref="Kind"/>.</summary>
public readonly record struct ObjectRef(PipelineKind? Kind, string Key)
{
    public static ObjectRef BaseConnection(string key) => new(null, key);

    /// <summary><c>connections.mixpanel</c>, <c>sourceConnections.events</c>: the key path users read in messages.</summary>
    public override string ToString() => $"{(Kind is { } kind ? PipelineKindInfo.Of(kind).Section : "connections")}.{Key}";

    /// <summary>Its place in the dependency order: base connections first (<see cref="PipelineKindInfo.BaseConnectionLevel"/>).</summary>
    public int Level => Kind is { } kind ? PipelineKindInfo.Of(kind).Level : PipelineKindInfo.BaseConnectionLevel;
}

/// <summary>
/// What the definitions ask one pipeline object to be. <see cref="Body"/> is the create request's JSON as the OAS
/// shapes it (<c>CreateSourceConnectionRequest</c>, <c>CreateTargetConnectionRequest</c>, <c>CreateFlowRequest</c>)
/// except that every id of another declared object is left out: <see cref="References"/> maps the body's field
/// (<c>baseConnectionId</c>, <c>sourceConnectionIds</c>, <c>targetConnectionIds</c>) to the objects whose ids fill it at
/// apply time, so a plan can be made before any of them exists. <see cref="Enabled"/> is a dataflow's declared state
/// (<c>null</c> for connections), applied with <c>POST /flows/{id}/action?op=enable|disable</c>, never in the body.
/// Pipeline objects carry no secrets (credentials live on the base connection).
/// </summary>
public sealed record DesiredPipelineObject(
    PipelineKind Kind,
    string Key,
    JsonObject Body,
    IReadOnlyDictionary<string, IReadOnlyList<ObjectRef>> References,
    bool? Enabled,
    SourceLocation Location)
{
    public string Name => Body["name"]?.GetValue<string>() ?? Key;

    public ObjectRef Ref => new(Kind, Key);

    /// <summary>The create request with every reference filled from <paramref name="idOf"/>.</summary>
    public JsonObject ToRequest(Func<ObjectRef, string> idOf)
    {
        ArgumentNullException.ThrowIfNull(idOf);
        var request = (JsonObject)Body.DeepClone();
        foreach (var (field, refs) in References)
        {
            // baseConnectionId is one id; the flow's connection id fields are arrays (OAS).
            request[field] = field.EndsWith("Ids", StringComparison.Ordinal)
                ? new JsonArray([.. refs.Select(r => (JsonNode)JsonValue.Create(idOf(r)))])
                : JsonValue.Create(idOf(refs[0]));
        }

        return request;
    }
}

/// <summary>What a host remembers about one pipeline object it manages: the service id, the etag of its last write,
/// the desired object last applied (references still by key, so a changed reference is a changed input) and, for a
/// dataflow, the state last applied.</summary>
public sealed record RecordedPipelineObject(PipelineKind Kind, string Key, string Id, string Etag, DesiredPipelineObject Inputs)
{
    public ObjectRef Ref => new(Kind, Key);
}
