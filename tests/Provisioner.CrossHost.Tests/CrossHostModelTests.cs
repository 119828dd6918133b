namespace Provisioner.CrossHost.Tests;

/// <summary>
/// Issue 9 item 5: the same random edits through the CLI, the BaseConnectionSet and one BaseConnection per key must
/// leave the same connections on the service, exactly as each preview announced. Each fact runs a fixed seed and
/// random ones; a failure prints its seed and steps (replay with AEP_MODEL_SEED=N).
/// </summary>
public sealed class CrossHostModelTests(ITestOutputHelper output)
{
    private const string IntegerParamBug =
        "issue 9 bug 1: an integer auth param (SFTP port) makes BaseConnectionSet Create fail after its POSTs (NodeUnableToConvert in ConnectionSetState.Outputs)";

    private const string RefreshDerivationBug =
        "issue 9 bug 3: BaseConnection refresh derives inputs from the old params, so a string param removed out of band is no drift there (it is for the CLI and the set)";

    private const string OnlinePreviewBug =
        "issue 9 bug 2 / item 4: Check of BaseConnectionSet and of BaseConnection fetches an IMS token and GET /connectionSpecs/{id}";

    /// <summary>Everything today's hosts are expected to get right: runs in CI now.</summary>
    [Fact]
    public Task Every_kind_of_edit_but_typed_params_and_out_of_band_param_removal() =>
        new ModelRun(output).RunAsync(EditFamilies.All & ~EditFamilies.Typed & ~EditFamilies.OutOfBandParamRemoval, randomSeeds: 2);

    /// <summary>Integer and boolean params alone: pins bug 1 without the rest.</summary>
    [Fact(Skip = IntegerParamBug)]
    public Task Integer_and_boolean_params() =>
        new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.Typed, randomSeeds: 0);

    /// <summary>A string param removed on the service, then a refresh: pins bug 3 without the rest.</summary>
    [Fact(Skip = RefreshDerivationBug)]
    public Task Out_of_band_param_removal_then_refresh() =>
        new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.OutOfBandParamRemoval, randomSeeds: 0);

    /// <summary>The whole model; once bugs 1 and 3 are fixed it supersedes the first fact.</summary>
    [Fact(Skip = IntegerParamBug + "; " + RefreshDerivationBug)]
    public Task Every_kind_of_edit() => new ModelRun(output).RunAsync(EditFamilies.All, randomSeeds: 2);

    [Fact(Skip = OnlinePreviewBug)]
    public Task Previews_reach_no_service() => new ModelRun(output).RunAsync(EditFamilies.Basic, randomSeeds: 0, offlinePreview: true);
}
