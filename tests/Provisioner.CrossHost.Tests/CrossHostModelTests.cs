using Provisioner.CrossHost.Tests.Model;

namespace Provisioner.CrossHost.Tests;

/// <summary>
/// Issue 9 item 5: the same random edits through the CLI, the BaseConnectionSet and one BaseConnection per key must
/// leave the same connections on the service, exactly as each preview announced. Each fact is a family of edits, run
/// for a fixed seed and a few random ones; a failure prints its seed and steps (replay with AEP_MODEL_SEED).
/// </summary>
public sealed class CrossHostModelTests(ITestOutputHelper output)
{
    [Fact]
    public Task Add_remove_rename_describe_and_string_params() => new ModelRun(output).RunAsync(EditFamilies.Basic);

    [Fact]
    public Task Integer_and_boolean_params() => new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.Typed);

    [Fact]
    public Task Spec_and_auth_type_changes_replace() => new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.Replace);

    [Fact]
    public Task Out_of_band_edits_and_deletes_then_refresh() => new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.OutOfBand);

    [Fact]
    public Task Transient_429_and_503() => new ModelRun(output).RunAsync(EditFamilies.Basic | EditFamilies.Faults);

    [Fact]
    public Task Every_edit_at_once() => new ModelRun(output).RunAsync(EditFamilies.All);

    [Fact]
    public Task Previews_reach_no_service() => new ModelRun(output).RunAsync(EditFamilies.Basic, offlinePreview: true);
}
