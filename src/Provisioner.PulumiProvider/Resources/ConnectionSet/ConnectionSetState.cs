using System.Text.Json.Nodes;
using Provisioner.Core.Connections;
using Provisioner.Core.Reconciliation;
using Provisioner.PulumiProvider.Protocol;
using S = Provisioner.PulumiProvider.Resources.ConnectionSet.ConnectionSetProperties;

namespace Provisioner.PulumiProvider.Resources.ConnectionSet;

/// <summary>
/// The set's outputs: <c>connections</c> (key → id, etag, name, connectionSpecId, kind; plain, for stack outputs) and
/// <c>state</c> (the reconciler's recorded state, secret-wrapped because the recorder keeps secret params in clear:
/// Pulumi encrypts secret outputs, and clear values let a rotated secret show as a change), plus for a file with a
/// pipeline one map per section (<c>sourceConnections</c>, <c>targetConnections</c>, <c>dataflows</c>: key → id, etag,
/// name) and <c>pipelineState</c> (the recorded pipeline objects; plain, they hold no secrets).
/// </summary>
public static class ConnectionSetState
{
    public static PropertyMap Outputs(RecordedState state, SetOptions options) =>
        WithPipeline(Base(options)
            .Set(S.Connections, PropertyValue.Of(PropertyMap.From(state.Connections.Select(c => KeyValuePair.Create(c.Key, Entry(c.Value))))))
            .Set(S.State, PropertyValue.Secret(PropertyValue.Of(PropertyValueJson.FromJson(RecordedStateJson.ToJson(state))))), state);

    /// <summary>The pipeline outputs of <paramref name="state"/>; none for a file of base connections only, so such a
    /// set's outputs stay as they always were.</summary>
    private static PropertyMap WithPipeline(PropertyMap outputs, RecordedState state)
    {
        if (state.HasNoPipeline)
        {
            return outputs;
        }
        foreach (var section in S.PipelineSections)
        {
            var entries = state.Pipeline.Values.Where(r => Core.Pipeline.PipelineKindInfo.Of(r.Kind).Section == section)
                .Select(r => KeyValuePair.Create(r.Key, PipelineEntry(r)));
            outputs = outputs.Set(section, PropertyValue.Of(PropertyMap.From(entries)));
        }
        return outputs.Set(S.PipelineState, PropertyValue.Of(PropertyValueJson.FromJson(RecordedPipelineJson.ToJson(state))));
    }

    private static PropertyValue PipelineEntry(Core.Pipeline.RecordedPipelineObject record)
    {
        var entry = PropertyMap.Empty.Set(S.Id, PropertyValue.Of(record.Id)).Set(S.Etag, PropertyValue.Of(record.Etag))
            .Set(S.Name, PropertyValue.Of(record.Inputs.Name));
        return PropertyValue.Of(record.Inputs.Enabled is { } enabled ? entry.Set(S.Enabled, PropertyValue.Of(enabled)) : entry);
    }

    /// <summary>Outputs that cannot fail to build, for when <see cref="Outputs"/> threw after connections were written:
    /// the recorded state as JSON text (still secret), read back by <see cref="Recorded"/>, so nothing written is lost.</summary>
    public static PropertyMap FallbackOutputs(RecordedState state, SetOptions options)
    {
        var outputs = Base(options)
            .Set(S.Connections, PropertyValue.Computed)
            .Set(S.State, PropertyValue.Secret(PropertyValue.Of(RecordedStateJson.ToJson(state).ToJsonString())));
        return state.HasNoPipeline ? outputs : outputs.Set(S.PipelineState, PropertyValue.Of(RecordedPipelineJson.ToJson(state).ToJsonString()));
    }

    /// <summary>Outputs with some connection entries not known yet (preview).</summary>
    /// <param name="pipeline">Whether the definitions or the state hold pipeline objects: their maps are unknown then.</param>
    public static PropertyMap PreviewOutputs(IReadOnlyDictionary<string, PropertyValue>? connections, SetOptions options, bool pipeline = false)
    {
        var outputs = Base(options)
            .Set(S.Connections, connections is null ? PropertyValue.Computed : PropertyValue.Of(PropertyMap.From(connections)))
            .Set(S.State, PropertyValue.Computed);
        return pipeline
            ? S.PipelineSections.Aggregate(outputs, (o, section) => o.Set(section, PropertyValue.Computed)).Set(S.PipelineState, PropertyValue.Computed)
            : outputs;
    }

    public static PropertyValue Entry(RecordedConnection record) => PropertyValue.Of(Entry(
        PropertyValue.Of(record.Id), PropertyValue.Of(record.Etag), PropertyValue.Of(record.Inputs.Name), PropertyValue.Of(record.Inputs.ConnectionSpec.Id))
        .AsObject()!.Set(S.Kind, PropertyValue.Of(record.Inputs.Kind.ToWord())));

    public static PropertyValue Entry(PropertyValue id, PropertyValue etag, PropertyValue name, PropertyValue specId) =>
        PropertyValue.Of(PropertyMap.Empty.Set(S.Id, id).Set(S.Etag, etag).Set(S.Name, name).Set(S.ConnectionSpecId, specId));

    /// <summary>The recorded state an earlier Create/Update/Read left in the outputs (empty when there is none).</summary>
    /// <exception cref="ProviderException">The state output is not readable (hand-edited state).</exception>
    public static RecordedState Recorded(PropertyMap? outputs) => ReadPipeline(RecordedConnections(outputs), outputs);

    private static RecordedState ReadPipeline(RecordedState connections, PropertyMap? outputs)
    {
        var value = outputs?[S.PipelineState];
        try
        {
            return value switch
            {
                null or { IsNull: true } => connections,
                _ when value.AsString() is { } text => JsonNode.Parse(text) is JsonObject json ? RecordedPipelineJson.ReadInto(connections, json) : throw new FormatException("not a JSON object"),
                _ when value.AsObject() is { } map && !value.ContainsComputed => RecordedPipelineJson.ReadInto(connections, PropertyValueJson.ToJson(map)),
                _ => throw new FormatException("not a JSON object"),
            };
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException)
        {
            throw ProviderException.FailedPrecondition($"the {S.PipelineState} output of this {S.Type} is not readable ({error.Message}); run `pulumi refresh`");
        }
    }

    private static RecordedState RecordedConnections(PropertyMap? outputs)
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
