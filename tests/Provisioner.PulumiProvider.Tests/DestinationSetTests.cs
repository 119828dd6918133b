using Provisioner.Emulator;
using Provisioner.PulumiProvider.Tests.Harness;

namespace Provisioner.PulumiProvider.Tests;

/// <summary>A <c>BaseConnectionSet</c> holding a source and two destinations (one without auth), over real gRPC against
/// the emulator: created once, a second up writes nothing, each entry says source or destination.</summary>
public sealed class DestinationSetTests : IAsyncLifetime
{
    private static readonly string Definitions = File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "examples", "sources-and-destinations.yaml"));

    private readonly Dictionary<string, string> _secrets = new()
    {
        ["mixpanelPassword"] = Canary.New("mixpanel"),
        ["s3ExportSecretKey"] = Canary.New("s3"),
    };

    private EmulatorHost _emulator = null!;
    private InProcessPlugin _plugin = null!;
    private SetDriver _set = null!;

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorHost.StartAsync();
        _plugin = await InProcessPlugin.StartAsync();
        await new Driver(_plugin.Client).ConfigureAsync(Driver.EmulatorConfig(_emulator));
        _set = new SetDriver(_plugin.Client);
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Sources_and_destinations_are_created_once_with_their_kind_and_a_second_up_writes_nothing()
    {
        var check = await _set.CheckAsync(SetDriver.News(Definitions, _secrets));
        Assert.Empty(check.Failures);

        var created = await _set.CreateAsync(check.Inputs);

        var entries = created.Properties.Fields["connections"].StructValue.Fields;
        Assert.Equal(["dlz-export", "mixpanel", "s3-export"], entries.Keys.Order());
        Assert.Equal("source", entries["mixpanel"].StructValue.Fields["kind"].StringValue);
        Assert.Equal("destination", entries["s3-export"].StructValue.Fields["kind"].StringValue);
        Assert.Equal("destination", entries["dlz-export"].StructValue.Fields["kind"].StringValue);
        Assert.Equal(3, _emulator.GetStoredConnections().Count);
        Assert.Null(_emulator.GetStoredConnections().Single(c => c.Name == "Data Landing Zone exports").AuthSpecName);

        _emulator.Journal.Clear();
        var again = await _set.CheckAsync(SetDriver.News(Definitions, _secrets));
        var diff = await _set.DiffAsync(again.Inputs);
        Assert.Equal(Pulumirpc.DiffResponse.Types.DiffChanges.DiffNone, diff.Changes);
        await _set.UpdateAsync(again.Inputs);
        Assert.Empty(_emulator.Journal.Writes);
    }

    [Fact]
    public async Task A_source_alias_given_as_a_destination_fails_check_with_its_location()
    {
        var check = await _set.CheckAsync(SetDriver.News(Definitions.Replace("destination: s3-destination", "source: s3-destination", StringComparison.Ordinal), _secrets));

        var failure = Assert.Single(check.Failures);
        Assert.Contains("'s3-destination' is a destination", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("connections.s3-export.source", failure.Reason, StringComparison.Ordinal);
    }
}
