namespace Provisioner.Core.Tests.Pipeline;

/// <summary>The schedule and target-param rules every host applies (the definitions parser, a Dataflow's Check), in
/// their own words, read straight from JSON.</summary>
public sealed class PipelineRulesTests
{
    private static (JsonObject Schedule, IReadOnlyList<FieldProblem> Problems) Schedule(string json) => PipelineRules.Schedule(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void A_schedule_written_with_digit_strings_is_normalised_to_the_OAS_types()
    {
        var (schedule, problems) = Schedule("""{"startTime":"1700000000","frequency":"minute","interval":15,"backfill":false}""");

        Assert.Empty(problems);
        Assert.Equal("""{"startTime":1700000000,"frequency":"minute","interval":"15","backfill":false}""", schedule.ToJsonString());
    }

    [Fact]
    public void A_frequency_is_one_of_the_documented_words()
    {
        Assert.Equal([new FieldProblem("frequency", "unknown frequency 'fortnight'; expected one of once, minute, hour, day, week")],
            Schedule("""{"startTime":1,"frequency":"fortnight","interval":1}""").Problems);
        Assert.Equal([new FieldProblem("frequency", "expected one of once, minute, hour, day, week, found an integer")],
            Schedule("""{"startTime":1,"frequency":5,"interval":1}""").Problems);
    }

    [Fact]
    public void A_one_time_run_takes_neither_an_interval_nor_a_backfill_and_each_is_named_at_its_key()
    {
        var (schedule, problems) = Schedule("""{"startTime":1,"frequency":"once","interval":"5","backfill":true}""");

        Assert.Equal([new FieldProblem("interval", "must be left out when the frequency is 'once'", OnKey: true),
            new FieldProblem("backfill", "must be left out when the frequency is 'once'", OnKey: true)], problems);
        Assert.Equal("""{"startTime":1,"frequency":"once"}""", schedule.ToJsonString());
        Assert.Empty(Schedule("""{"startTime":1,"frequency":"once"}""").Problems);
    }

    [Fact]
    public void An_interval_is_at_least_15_per_minute_and_a_positive_whole_number_otherwise()
    {
        Assert.Equal([new FieldProblem("interval", "expected at least 15 when the frequency is 'minute', found 10")],
            Schedule("""{"startTime":1,"frequency":"minute","interval":10}""").Problems);
        Assert.Empty(Schedule("""{"startTime":1,"frequency":"hour","interval":1}""").Problems);
        Assert.Equal([new FieldProblem("interval", "expected a positive whole number, found 0")],
            Schedule("""{"startTime":1,"frequency":"hour","interval":0}""").Problems);
        Assert.Equal([new FieldProblem("interval", "expected a positive whole number, found a number")],
            Schedule("""{"startTime":1,"frequency":"day","interval":1.5}""").Problems);
        Assert.Equal([new FieldProblem("interval", "missing required key 'interval' (every frequency but 'once' needs one)")],
            Schedule("""{"startTime":1,"frequency":"week"}""").Problems);
    }

    [Fact]
    public void A_start_time_is_whole_epoch_seconds_and_a_backfill_a_boolean()
    {
        Assert.Equal([new FieldProblem("startTime", "expected epoch seconds, e.g. 1700000000, found -1"),
            new FieldProblem("backfill", "expected true or false, found a string")],
            Schedule("""{"startTime":-1,"frequency":"hour","interval":1,"backfill":"yes"}""").Problems);
        Assert.Equal([new FieldProblem("startTime", "expected epoch seconds, e.g. 1700000000, found a mapping")],
            Schedule("""{"startTime":{},"frequency":"hour","interval":1}""").Problems);
    }

    [Fact]
    public void The_Data_Lake_target_needs_a_dataset_id_and_says_what_it_is()
    {
        Assert.Equal([new FieldProblem("dataSetId", "missing required param 'dataSetId' of the Data Lake target connection spec (the id of the dataset the data lands in)")],
            PipelineRules.TargetParams(PipelineRules.DataLakeSpecId, new JsonObject()));
        Assert.Empty(PipelineRules.TargetParams(PipelineRules.DataLakeSpecId, new JsonObject { ["dataSetId"] = "ds-1" }));
        Assert.Empty(PipelineRules.TargetParams("a-spec-the-catalog-does-not-know", null));
    }

    [Theory]
    [InlineData("null", "nothing (null)")]
    [InlineData("{}", "a mapping")]
    [InlineData("[]", "a list")]
    [InlineData("true", "a boolean")]
    [InlineData("false", "a boolean")]
    [InlineData("7", "an integer")]
    [InlineData("7.5", "a number")]
    [InlineData("\"seven\"", "a string")]
    public void Values_are_described_in_the_definitions_words(string json, string expected)
    {
        Assert.Equal(expected, PipelineRules.Describe(JsonNode.Parse(json)));
    }
}
