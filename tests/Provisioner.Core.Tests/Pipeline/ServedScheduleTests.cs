using static Provisioner.Core.Tests.Pipeline.PipelineFixture;

namespace Provisioner.Core.Tests.Pipeline;

/// <summary>
/// A service that serves a schedule in another form than it was sent, or with members of its own, is no drift: Adobe's
/// GET /flows examples show <c>startTime</c> as a digit string, <c>interval</c> may come back as a number while the
/// OAS says string, and the service may add <c>backfill</c>. Only the declared sub-members count, each read in
/// <see cref="PipelineRules.Schedule"/>'s form, by refresh and by adoption alike.
/// </summary>
public sealed class ServedScheduleTests
{
    /// <summary>A flow declared as the definitions parser writes it: startTime epoch seconds, interval a string.</summary>
    private static DesiredPipelineObject Declared(string interval = "15") => Flow() with
    {
        Body = new JsonObject
        {
            ["name"] = "Mixpanel to lake",
            ["flowSpec"] = new JsonObject { ["id"] = CrmToAep, ["version"] = "1.0" },
            ["scheduleParams"] = new JsonObject { ["startTime"] = 1700000000, ["frequency"] = "minute", ["interval"] = interval },
        },
    };

    /// <summary>A FlowItemDTO shaped like Adobe's GET /flows examples: the schedule's startTime a string, interval a
    /// number (raw JSON, as it arrives), a backfill the service added, and the service's own fields around it.</summary>
    private static PipelineObject Served(string interval) => PipelineObject.From(JsonNode.Parse($$"""
        {
          "id": "flow-1",
          "etag": "\"0b00aa9b-0000-0200-0000-5f2ff5f10000\"",
          "name": "Mixpanel to lake",
          "state": "enabled",
          "createdAt": 1596978671024,
          "flowSpec": { "id": "{{CrmToAep}}", "version": "1.0" },
          "sourceConnectionIds": ["sc-1"],
          "targetConnectionIds": ["tc-1"],
          "scheduleParams": { "startTime": "1700000000", "frequency": "minute", "interval": {{interval}}, "backfill": true },
          "runs": "/runs?property=flowId==flow-1"
        }
        """)!.AsObject());

    private static string? IdOf(ObjectRef at) => at.Key switch { "events" => "sc-1", "lake" => "tc-1", _ => null };

    [Fact]
    public void A_refresh_of_a_schedule_served_in_another_form_with_an_added_member_finds_no_drift()
    {
        var record = Recorded(Declared(), "flow-1");

        var refreshed = PipelineRefresh.Derive(record, Served("15"), IdOf);

        Assert.True(JsonNode.DeepEquals(record.Inputs.Body, refreshed.Inputs.Body), refreshed.Inputs.Body.ToJsonString());
        Assert.False(PipelineDiff.Compute(refreshed.Inputs, Declared()).HasChanges);
    }

    [Fact]
    public void A_schedule_changed_behind_the_records_back_is_drift_in_the_changed_member_only()
    {
        var refreshed = PipelineRefresh.Derive(Recorded(Declared(), "flow-1"), Served("\"30\""), IdOf);

        var changes = PipelineDiff.Compute(refreshed.Inputs, Declared());
        Assert.Equal(["scheduleParams.interval"], changes.ChangedPaths);
        Assert.False(changes.RequiresReplace);
    }

    [Fact]
    public void Adopting_a_flow_whose_schedule_is_served_in_another_form_patches_nothing()
    {
        var changes = PipelineDiff.CompareWithService(Served("15"), Declared(), IdOf);

        Assert.False(changes.HasChanges, string.Join(", ", changes.ChangedPaths));
    }

    [Fact]
    public void Adopting_a_flow_served_with_another_interval_patches_that_member()
    {
        var changes = PipelineDiff.CompareWithService(Served("60"), Declared(), IdOf);

        Assert.Equal(["scheduleParams.interval"], changes.ChangedPaths);
        Assert.False(changes.RequiresReplace);
    }
}
