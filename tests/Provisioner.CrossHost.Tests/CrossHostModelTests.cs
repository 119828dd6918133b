namespace Provisioner.CrossHost.Tests;

/// <summary>
/// Issue 9 item 5: the same random edits through the CLI, the BaseConnectionSet and one BaseConnection per key must
/// leave the same connections on the service, exactly as each preview announced; issue 13 adds pipelines. Each fact runs a fixed seed and
/// random ones; a failure prints its seed and steps (replay with AEP_MODEL_SEED=N).
/// </summary>
public sealed class CrossHostModelTests(ITestOutputHelper output)
{
    /// <summary>Integer and boolean params alone: typed values round-trip through every host.</summary>
    [Fact]
    public Task Integer_and_boolean_params() =>
        new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.Typed, randomSeeds: 0);

    /// <summary>A string param removed on the service, then a refresh: non-secret params deleted out of band are drift for every host.</summary>
    [Fact]
    public Task Out_of_band_param_removal_then_refresh() =>
        new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.OutOfBandParamRemoval, randomSeeds: 0);

    /// <summary>The whole model: every edit family, a fixed seed and two random ones.</summary>
    [Fact]
    public Task Every_kind_of_edit() => new ModelRun(output).RunAsync(EditFamilies.All, randomSeeds: 2);

    /// <summary>Issue 13: the same edits with a pipeline on one connection (source connection, target connection,
    /// dataflow) — through the file for the CLI and the set, through one SourceConnection, TargetConnection and
    /// Dataflow wired by ids for the per-key host — leave the same pipeline objects on every service. The fixed seed
    /// is one whose steps replace the pipeline's base connection (so the source connection and the dataflow are
    /// replaced with it, the flow spec changing). About 35 s per seed on 2 cores: the fixed one and one random one.</summary>
    [Fact]
    public Task Pipeline_objects_with_their_connections() =>
        new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.Replace | EditFamilies.OutOfBand | EditFamilies.Pipeline, randomSeeds: 1);

    [Fact]
    public Task Previews_reach_no_service() => new ModelRun(output).RunAsync(EditFamilies.Basic, randomSeeds: 0, offlinePreview: true);
}
