namespace Provisioner.PulumiProvider.Tests;

/// <summary>The set's pipelineState carries the old halves of replacements a stop or a failed delete left
/// (Core's <c>RecordedState.Superseded</c>): a diff shows them as a state change, an update deletes them and drops them
/// from the outputs. Over real gRPC against the in-process emulator.</summary>
public sealed class ConnectionSetOldHalvesTests : ConfiguredPluginTest
{
    [Fact]
    public async Task An_old_half_in_pipelineState_is_diffed_as_a_state_change_and_deleted_by_the_next_update()
    {
        var set = new SetDriver(Client);
        var secrets = new Dictionary<string, string> { ["mixpanelPassword"] = Canary.New("mixpanel") };
        var check = await set.CheckAsync(SetDriver.News(File.ReadAllText(RepoRoot.Combine("infra", "examples", "pipeline.yaml")), secrets));
        Assert.Empty(check.Failures);
        var created = await set.CreateAsync(check.Inputs);
        // What a stopped replacement leaves: the old dataflow, gone from the service since (a 404 counts as deleted).
        const string oldFlow = "3f1b2c4d-0000-4000-8000-00000000beef";
        var outputs = created.Properties.Clone();
        outputs.Fields["pipelineState"].StructValue.Fields["superseded"] = Value.ForList(Value.ForStruct(new Struct
        {
            Fields = { ["of"] = Value.ForString("dataflows.mixpanel-to-dataset"), ["id"] = Value.ForString(oldFlow), ["usedBy"] = Value.ForList() },
        }));
        set.Record(set.Id, check.Inputs, outputs);

        var diff = await set.DiffAsync(check.Inputs);
        var entry = Assert.Single(diff.DetailedDiff);
        Assert.Equal("pipelineState", entry.Key);

        Service.Journal.Clear();
        var updated = await set.UpdateAsync(check.Inputs);
        var write = Assert.Single(Service.Journal.Writes);
        Assert.Equal("DELETE", write.Method);
        Assert.EndsWith("/flows/" + oldFlow, write.Path, StringComparison.Ordinal);
        Assert.False(updated.Properties.Fields["pipelineState"].StructValue.Fields.ContainsKey("superseded"));
    }
}
