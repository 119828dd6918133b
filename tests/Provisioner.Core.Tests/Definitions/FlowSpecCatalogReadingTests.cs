namespace Provisioner.Core.Tests.Definitions;

/// <summary>How the embedded flow-spec catalog reads a file in the emulator's <c>flow-specs.yaml</c> format: which
/// fields it takes, the default version, and the entries it skips. Each test reads its own file (the shared
/// <see cref="EmbeddedFlowSpecCatalog.Instance"/> is built once per process).</summary>
public sealed class FlowSpecCatalogReadingTests
{
    private static EmbeddedFlowSpecCatalog Read(string yaml) => new(TestYaml.Mapping(yaml));

    [Fact]
    public async Task A_flow_spec_carries_its_id_name_version_and_both_spec_lists()
    {
        var catalog = Read("""
            flowSpecs:
              - id: f-1
                name: Flow
                version: "2.0"
                sourceConnectionSpecIds: [s-1, s-2]
                targetConnectionSpecIds: [t-1]
            """);

        var flow = await catalog.FindByNameAsync("Flow");

        Assert.Equal(("f-1", "Flow", "2.0"), (flow!.Id, flow.Name, flow.Version));
        Assert.Equal(["s-1", "s-2"], flow.SourceConnectionSpecIds);
        Assert.Equal(["t-1"], flow.TargetConnectionSpecIds);
        Assert.Same(flow, await catalog.GetFlowSpecAsync("F-1"));
        Assert.Equal(["Flow"], catalog.KnownNames);
    }

    [Fact]
    public async Task A_flow_spec_without_a_version_is_version_1_0_and_without_lists_pairs_nothing()
    {
        var catalog = Read("""
            flowSpecs:
              - id: f-1
                name: Flow
            """);

        var flow = await catalog.FindByNameAsync("Flow");

        Assert.Equal(ConnectionSpecRef.DefaultVersion, flow!.Version);
        Assert.Empty(flow.SourceConnectionSpecIds);
        Assert.Empty(flow.TargetConnectionSpecIds);
    }

    [Fact]
    public void A_target_spec_carries_its_id_name_version_and_required_params()
    {
        var catalog = Read("""
            targetConnectionSpecs:
              - id: t-1
                name: Lake
                version: "3.0"
                requiredParams: [dataSetId, other]
              - id: t-2
                name: Plain
            """);

        var lake = catalog.FindTargetSpec("T-1")!;
        var plain = catalog.FindTargetSpec("t-2")!;

        Assert.Equal(("t-1", "Lake", "3.0"), (lake.Id, lake.Name, lake.Version));
        Assert.Equal(["dataSetId", "other"], lake.RequiredParams);
        Assert.Equal((ConnectionSpecRef.DefaultVersion, 0), (plain.Version, plain.RequiredParams.Count));
        Assert.Equal(["t-1", "t-2"], catalog.TargetSpecs.Select(t => t.Id));
    }

    [Fact]
    public async Task Entries_without_an_id_or_a_name_are_skipped()
    {
        var catalog = Read("""
            targetConnectionSpecs:
              - name: No id
              - id: t-no-name
              - id: t-1
                name: Kept
            flowSpecs:
              - name: NoId
              - id: f-no-name
              - id: f-1
                name: Kept
            """);

        Assert.Equal(["Kept"], catalog.KnownNames);
        Assert.Null(await catalog.GetFlowSpecAsync("f-no-name"));
        Assert.Equal(["t-1"], catalog.TargetSpecs.Select(t => t.Id));
    }

    [Fact]
    public void A_file_without_the_lists_knows_nothing()
    {
        var catalog = Read("other: 1\n");

        Assert.Empty(catalog.KnownNames);
        Assert.Empty(catalog.TargetSpecs);
    }

    [Fact]
    public async Task The_shipped_file_reads_as_the_shared_instance_does()
    {
        var shipped = Read(EmbeddedResourceText.Read("Provisioner.Core.flow-specs.yaml"));

        var rest = await shipped.FindByNameAsync("RestStorageToAEP");

        Assert.Equal(EmbeddedFlowSpecCatalog.Instance.KnownNames, shipped.KnownNames);
        Assert.Equal("1.0", rest!.Version);
        Assert.Equal(["c604ff05-7f1a-43c0-8e18-33bf874cb11c"], rest.TargetConnectionSpecIds);
        Assert.Contains(rest.SourceConnectionSpecIds, id => id.StartsWith("2d46966e", StringComparison.Ordinal));
        Assert.Equal(["dataSetId"], shipped.FindTargetSpec("c604ff05-7f1a-43c0-8e18-33bf874cb11c")!.RequiredParams);
    }
}
