using Provisioner.Emulator.Catalog;

namespace Provisioner.Emulator.Tests;

public class FlowSpecCatalogTests
{
    private static readonly FlowSpecCatalog FlowSpecs = FlowSpecCatalog.LoadEmbedded();
    private static readonly ConnectionSpecCatalog ConnectionSpecs = ConnectionSpecCatalog.LoadEmbedded();

    [Fact]
    public void The_reference_constants_are_in_the_catalog()
    {
        // Reference §4.4.
        Assert.Equal("CloudStorageToAEP", FlowSpecs.FindFlowSpec("9753525b-82c7-4dce-8a9b-5ccfce2b9876")!.Name);
        Assert.Equal("CRMToAEP", FlowSpecs.FindFlowSpec("14518937-270C-4525-BDEC-C2BA7CCE3860")!.Name);
        Assert.Equal("Data Lake", FlowSpecs.FindTargetSpec("c604ff05-7f1a-43c0-8e18-33bf874cb11c")!.Name);
        Assert.All(FlowSpecs.FlowSpecs, f => Assert.Equal(["c604ff05-7f1a-43c0-8e18-33bf874cb11c"], f.TargetConnectionSpecIds));
    }

    [Fact]
    public void Every_catalog_source_a_flow_spec_pairs_is_a_source_spec_and_every_batch_source_has_a_flow_spec()
    {
        var paired = FlowSpecs.FlowSpecs.SelectMany(f => f.SourceConnectionSpecIds).ToHashSet();
        foreach (var id in paired)
        {
            if (ConnectionSpecs.FindById(id) is { } spec) Assert.False(spec.IsDestination, $"{spec.Alias} is paired as a source but is a destination");
        }

        // The reference sources a definitions file is most likely to pipe into a dataset.
        foreach (var alias in new[] { "mixpanel", "amazon-s3", "azure-blob", "google-cloud-storage", "sftp", "adls-gen2", "salesforce", "google-bigquery", "hubspot", "mysql", "postgresql" })
        {
            Assert.Contains(ConnectionSpecs.FindByAlias(alias)!.Id, paired);
        }
    }

    [Theory]
    [InlineData("flowSpecs: [", "flow-specs.yaml")]
    [InlineData("targetConnectionSpecs: [{id: c604ff05-7f1a-43c0-8e18-33bf874cb11c, name: L, version: '1.0'}]\nflowSpecs: [{id: nope, name: F, providerId: 0ed90a81-07f4-4586-8190-b40eccef1c5a, version: '1.0', sourceConnectionSpecIds: [fd2c8ff3-1de0-4f6b-8fa8-4264784870eb], targetConnectionSpecIds: [c604ff05-7f1a-43c0-8e18-33bf874cb11c]}]", "id 'nope' is not a GUID")]
    [InlineData("targetConnectionSpecs: [{id: c604ff05-7f1a-43c0-8e18-33bf874cb11c, name: L, version: '1.0'}]\nflowSpecs: [{id: 9753525b-82c7-4dce-8a9b-5ccfce2b9876, name: F, providerId: 0ed90a81-07f4-4586-8190-b40eccef1c5a, version: '1.0', targetConnectionSpecIds: [c604ff05-7f1a-43c0-8e18-33bf874cb11c]}]", "sourceConnectionSpecIds' is missing")]
    [InlineData("flowSpecs: []", "no flow specs")]
    public void A_broken_flow_spec_file_says_what_and_where(string yaml, string expected)
    {
        var error = Assert.Throws<CatalogException>(() => FlowSpecCatalog.Load(new StringReader(yaml), "flow-specs.yaml"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_clears_the_pipeline_too()
    {
        await using var session = await EmulatorSession.StartAsync();
        await session.CreatePipelineAsync();
        await session.Host.ResetAsync();
        Assert.Empty(session.Host.GetStoredResources());
        Assert.Empty(session.Host.GetStoredConnections());
        Assert.Empty((await session.SendAsync(HttpMethod.Get, "/flows")).Body!["items"]!.AsArray());
    }
}
