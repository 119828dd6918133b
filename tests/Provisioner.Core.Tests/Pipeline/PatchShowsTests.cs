namespace Provisioner.Core.Tests.Pipeline;

/// <summary>Whether a served object already shows a patch: the evidence that a PATCH retried after a lost answer had
/// committed (with a moved etag), so a wrong "yes" would hide someone else's change behind ours.</summary>
public sealed class PatchShowsTests
{
    private static JsonObject Served() => new()
    {
        ["description"] = "nightly",
        ["scheduleParams"] = new JsonObject { ["interval"] = 15, ["frequency"] = "minute" },
        ["params"] = new JsonObject { ["a/b"] = "slash", ["c~d"] = "tilde" },
    };

    [Fact]
    public void Every_add_or_replace_must_be_there_with_the_same_value()
    {
        Assert.True(PatchShows.In(Served(), [JsonPatchOperation.Replace("/description", "nightly"), JsonPatchOperation.Replace("/scheduleParams/interval", 15)]));
        Assert.False(PatchShows.In(Served(), [JsonPatchOperation.Replace("/description", "nightly"), JsonPatchOperation.Replace("/scheduleParams/interval", 30)]));
        Assert.False(PatchShows.In(Served(), [JsonPatchOperation.Add("/name", "x")])); // not there at all
        Assert.False(PatchShows.In(Served(), [JsonPatchOperation.Replace("/description/deeper", "nightly")])); // under a non-object
        Assert.True(PatchShows.In(Served(), []));
        Assert.True(PatchShows.In(Served(), [JsonPatchOperation.Add("/description", "nightly")])); // an add shown like a replace
    }

    [Fact]
    public void A_remove_is_shown_by_the_member_being_absent()
    {
        Assert.True(PatchShows.In(Served(), [JsonPatchOperation.Remove("/transformations")]));
        Assert.False(PatchShows.In(Served(), [JsonPatchOperation.Remove("/description")]));
    }

    [Fact]
    public void Escaped_member_names_are_read_as_RFC_6901_says()
    {
        Assert.True(PatchShows.In(Served(), [JsonPatchOperation.Replace("/params/a~1b", "slash"), JsonPatchOperation.Replace("/params/c~0d", "tilde")]));
        Assert.False(PatchShows.In(Served(), [JsonPatchOperation.Replace("/params/a/b", "slash")]));
    }

    [Fact]
    public void An_operation_it_does_not_understand_is_never_taken_as_shown()
    {
        Assert.False(PatchShows.In(Served(), [new JsonPatchOperation("test", "/description", JsonValue.Create("nightly"))]));
    }
}
