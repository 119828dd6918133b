namespace Provisioner.Core.Pipeline;

/// <summary>
/// What of a served member counts as the user's: only the sub-members the declared value has, in the declared form.
/// The service adds members of its own inside a member the user wrote (a schedule's <c>backfill</c>, a target's
/// params) and serves some in another form than it was sent (Adobe's GET examples show a schedule's
/// <c>startTime</c> as a string; <c>interval</c> may come back as a number while the OAS says string). Copying the
/// served member whole would be drift on every read and a PATCH every run, so refresh and adoption both read a served
/// member through here.
/// </summary>
public static class ServedMembers
{
    /// <summary>The body member that holds a dataflow's schedule (<c>CreateFlowRequest.scheduleParams</c>).</summary>
    public const string ScheduleField = "scheduleParams";

    /// <summary>The part of <paramref name="served"/> that <paramref name="declared"/> speaks for: an object keeps only
    /// the declared keys (recursively), a schedule is first read in <see cref="PipelineRules.Schedule"/>'s terms, any
    /// other value is taken as served.</summary>
    public static JsonNode? Declared(string field, JsonNode? declared, JsonNode served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (field == ScheduleField && served is JsonObject schedule)
        {
            served = Normalised(schedule);
        }
        return Part(declared, served);
    }

    private static JsonNode? Part(JsonNode? declared, JsonNode? served)
    {
        if (declared is not JsonObject wanted || served is not JsonObject shown)
        {
            return served?.DeepClone();
        }
        var part = new JsonObject();
        foreach (var (key, value) in wanted)
        {
            if (shown.TryGetPropertyValue(key, out var member) && member is not null)
            {
                part[key] = Part(value, member);
            }
        }
        return part;
    }

    /// <summary>The served schedule with every member the rules can read in their form (a digit string or a number is
    /// the same startTime); a member they cannot read stays as served, so it shows as the drift it is.</summary>
    private static JsonObject Normalised(JsonObject served)
    {
        var (normal, _) = PipelineRules.Schedule(served);
        var result = new JsonObject();
        foreach (var (key, value) in served)
        {
            result[key] = normal.TryGetPropertyValue(key, out var read) ? read?.DeepClone() : value?.DeepClone();
        }
        return result;
    }
}
