using Provisioner.Core.Pipeline;
using Provisioner.FlowService.Models;
using P = Provisioner.PulumiProvider.Resources.Pipeline.PipelineProperties;

namespace Provisioner.PulumiProvider.Resources.Pipeline;

/// <summary>
/// Pipeline resource outputs = the inputs as the program wrote them + what the service adds: the etag, and for a
/// dataflow its state and newest run. None of these objects carries a secret (credentials live on the base connection).
/// </summary>
public static class PipelineOutputs
{
    public static PropertyMap Build(PipelineKind kind, PropertyMap inputs, PropertyMap serverFields)
    {
        var outputs = PropertyMap.From(inputs.Entries.Where(e => P.Inputs(kind).Contains(e.Key)));
        foreach (var (key, value) in serverFields.Entries)
        {
            outputs = outputs.Set(key, value);
        }
        return outputs;
    }

    /// <summary>What the service shows of a live object (and, for a dataflow, its newest run; null when it has none).</summary>
    public static PropertyMap ServerFields(PipelineKind kind, PipelineObject live, FlowRun? lastRun)
    {
        var fields = PropertyMap.Empty.Set(P.Etag, PropertyValue.Of(live.Etag));
        if (kind != PipelineKind.Dataflow)
        {
            return fields;
        }
        fields = fields.SetOrRemove(P.State, live.State is null ? null : PropertyValue.Of(live.State));
        return fields.Set(P.LastRun, lastRun is null ? PropertyValue.Null : PropertyValue.Of(Run(lastRun)));
    }

    /// <summary>Every server field unknown: what a preview of a create shows.</summary>
    public static PropertyMap UnknownServerFields(PipelineKind kind) =>
        PropertyMap.From(P.ServerOutputs(kind).Select(k => KeyValuePair.Create(k, PropertyValue.Computed)));

    /// <summary>The server fields a state (old outputs) holds.</summary>
    public static PropertyMap ServerFieldsOf(PipelineKind kind, PropertyMap outputs) =>
        PropertyMap.From(outputs.Entries.Where(e => P.ServerOutputs(kind).Contains(e.Key)));

    /// <summary>The inputs part of a state, for engines that do not send old inputs.</summary>
    public static PropertyMap InputsOf(PipelineKind kind, PropertyMap outputs) =>
        PropertyMap.From(outputs.Entries.Where(e => P.Inputs(kind).Contains(e.Key)));

    /// <summary><c>lastRun</c>: the run's id, status and times (OAS <c>FlowRunItemDTO</c>), read-only.</summary>
    private static PropertyMap Run(FlowRun run) => PropertyMap.Empty
        .Set("id", PropertyValue.Of(run.Id))
        .SetOrRemove("status", run.Status is null ? null : PropertyValue.Of(run.Status))
        .SetOrRemove("createdAt", BaseConnectionOutputs.Timestamp(run.CreatedAt))
        .SetOrRemove("startedAt", BaseConnectionOutputs.Timestamp(run.StartedAt))
        .SetOrRemove("completedAt", BaseConnectionOutputs.Timestamp(run.CompletedAt));
}
