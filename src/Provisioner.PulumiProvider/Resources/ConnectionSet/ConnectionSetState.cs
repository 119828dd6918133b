using System.Text.Json.Nodes;
using Provisioner.Core.Connections;
using Provisioner.Core.Reconciliation;
using Provisioner.PulumiProvider.Protocol;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// The set's outputs: <c>connections</c> (key → id, etag, name, connectionSpecId, kind; plain, for stack outputs) and
/// <c>state</c> (the reconciler's recorded state, secret-wrapped because the recorder keeps secret params in clear:
/// Pulumi encrypts secret outputs, and clear values let a rotated secret show as a change).
/// </summary>
public static class ConnectionSetState
{
    public static PropertyMap Outputs(RecordedState state, SetOptions options) =>
        Base(options)
            .Set(S.Connections, PropertyValue.Of(PropertyMap.From(state.Connections.Select(c => KeyValuePair.Create(c.Key, Entry(c.Value))))))
            .Set(S.State, PropertyValue.Secret(PropertyValue.Of(PropertyValueJson.FromJson(RecordedStateJson.ToJson(state)))));

    /// <summary>Outputs that cannot fail to build, for when <see cref="Outputs"/> threw after connections were written:
    /// the recorded state as JSON text (still secret), read back by <see cref="Recorded"/>, so nothing written is lost.</summary>
    public static PropertyMap FallbackOutputs(RecordedState state, SetOptions options) =>
        Base(options)
            .Set(S.Connections, PropertyValue.Computed)
            .Set(S.State, PropertyValue.Secret(PropertyValue.Of(RecordedStateJson.ToJson(state).ToJsonString())));

    /// <summary>Outputs with some connection entries not known yet (preview).</summary>
    public static PropertyMap PreviewOutputs(IReadOnlyDictionary<string, PropertyValue>? connections, SetOptions options) =>
        Base(options)
            .Set(S.Connections, connections is null ? PropertyValue.Computed : PropertyValue.Of(PropertyMap.From(connections)))
            .Set(S.State, PropertyValue.Computed);

    public static PropertyValue Entry(RecordedConnection record) => PropertyValue.Of(Entry(
        PropertyValue.Of(record.Id), PropertyValue.Of(record.Etag), PropertyValue.Of(record.Inputs.Name), PropertyValue.Of(record.Inputs.ConnectionSpec.Id))
        .AsObject()!.Set(S.Kind, PropertyValue.Of(record.Inputs.Kind.ToWord())));

    public static PropertyValue Entry(PropertyValue id, PropertyValue etag, PropertyValue name, PropertyValue specId) =>
        PropertyValue.Of(PropertyMap.Empty.Set(S.Id, id).Set(S.Etag, etag).Set(S.Name, name).Set(S.ConnectionSpecId, specId));

    /// <summary>The recorded state an earlier Create/Update/Read left in the outputs (empty when there is none).</summary>
    /// <exception cref="ProviderException">The state output is not readable (hand-edited state).</exception>
    public static RecordedState Recorded(PropertyMap? outputs)
    {
        var value = outputs?[S.State];
        if (value is null || value.IsNull)
        {
            return RecordedState.Empty;
        }
        if (value.AsString() is { } text)
        {
            return FromText(text);
        }
        if (value.AsObject() is not { } map || value.ContainsComputed)
        {
            throw ProviderException.FailedPrecondition($"the {S.State} output of this {S.Type} is not readable; run `pulumi refresh`");
        }
        try
        {
            return RecordedStateJson.FromJson(PropertyValueJson.ToJson(map));
        }
        catch (FormatException error)
        {
            throw ProviderException.FailedPrecondition($"the {S.State} output of this {S.Type} is not readable ({error.Message}); run `pulumi refresh`");
        }
    }

    private static RecordedState FromText(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject json ? RecordedStateJson.FromJson(json) : throw new FormatException("not a JSON object");
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException)
        {
            throw ProviderException.FailedPrecondition($"the {S.State} output of this {S.Type} is not readable ({error.Message}); run `pulumi refresh`");
        }
    }

    // Echoed so Delete and Read know the options even from outputs alone (older engines send no old inputs).
    private static PropertyMap Base(SetOptions options) => PropertyMap.Empty
        .Set(S.RetainOnRemove, PropertyValue.Of(options.RetainOnRemove))
        .Set(S.Parallelism, PropertyValue.Of(options.Parallelism));
}
