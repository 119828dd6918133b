using System.Net;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>The resolver's half of the pipeline: references into sections the file lacks, an entry whose reference
/// failed is not checked further, written flow spec versions win over the catalog's, and the flow spec messages when
/// a catalog knows no names or cannot be read.</summary>
public sealed class PipelineResolverTests
{
    private const string File = ValidPipelineFile.Path;
    private const string Valid = ValidPipelineFile.Text;

    /// <summary>A live catalog that knows no names up front and finds nothing (or fails every read).</summary>
    private sealed class EmptyFlowSpecs(FlowServiceException? error = null) : IFlowSpecCatalog
    {
        public IReadOnlyCollection<string> KnownNames => [];
        public Task<FlowSpecInfo?> FindByNameAsync(string name, CancellationToken cancellationToken = default) =>
            error is null ? Task.FromResult<FlowSpecInfo?>(null) : throw error;
        public Task<FlowSpecInfo?> GetFlowSpecAsync(string id, CancellationToken cancellationToken = default) =>
            error is null ? Task.FromResult<FlowSpecInfo?>(null) : throw error;
    }

    private static Task<DefinitionsResult> Load(string yaml, ResolveOptions? options = null) =>
        DefinitionsResolver.LoadAsync(yaml, File, TestCatalog.Create(), ValidPipelineFile.Secrets, options ?? ResolveOptions.Live);

    private static string With(string find, string replace)
    {
        Assert.Single(Valid.Split(find)[1..]);
        return Valid.Replace(find, replace, StringComparison.Ordinal);
    }

    private static string[] Errors(DefinitionsResult result) => [.. result.Errors.Select(e => e.ToString())];

    [Fact]
    public async Task A_reference_into_a_section_the_file_lacks_says_the_section_is_missing()
    {
        var sources = Valid[Valid.IndexOf("sourceConnections:", StringComparison.Ordinal)..Valid.IndexOf("targetConnections:", StringComparison.Ordinal)];

        var result = await Load(Valid.Replace(sources, "", StringComparison.Ordinal));

        Assert.Equal(["infra/connections.yaml:21:13 dataflows.flow.source: no source connection has key 'events'; the file has no 'sourceConnections:' entries"],
            Errors(result));
    }

    [Fact]
    public async Task A_dangling_reference_is_looked_for_in_the_other_sections_even_when_one_of_them_is_missing()
    {
        var targets = Valid[Valid.IndexOf("targetConnections:", StringComparison.Ordinal)..Valid.IndexOf("dataflows:", StringComparison.Ordinal)];

        var result = await Load(Valid.Replace(targets, "", StringComparison.Ordinal).Replace("source: events", "source: nope", StringComparison.Ordinal));

        Assert.Contains("infra/connections.yaml:22:13 dataflows.flow.source: no source connection has key 'nope'; keys under 'sourceConnections:': events",
            Errors(result));
    }

    [Fact]
    public async Task An_entry_whose_reference_fails_is_not_checked_further()
    {
        // Without its dataset id the target would have a second error; a dangling reference is reported alone.
        var result = await Load(With("    params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }\n", "    baseConnection: nope\n"));

        Assert.Equal(["infra/connections.yaml:22:21 targetConnections.dataset.baseConnection: no base connection has key 'nope'; keys under 'connections:': mixpanel, s3"],
            Errors(result));
    }

    [Fact]
    public async Task A_known_flow_spec_given_by_id_takes_the_catalog_id_and_the_written_version()
    {
        var result = await Load(With("flowSpec: RestStorageToAEP", "flowSpec: { id: 6499120C-0B15-42DC-936E-847EA3C24D72, version: \"2.0\" }"));

        Assert.Empty(result.Errors);
        Assert.Equal("""{"id":"6499120c-0b15-42dc-936e-847ea3c24d72","version":"2.0"}""", result.Desired!.Pipeline[2].Body["flowSpec"]!.ToJsonString());
    }

    [Fact]
    public async Task Offline_an_unknown_flow_spec_id_keeps_its_written_version()
    {
        var result = await Load(With("flowSpec: RestStorageToAEP", "flowSpec: { id: 00000000-0000-4000-8000-000000000000, version: \"3.1\" }"), ResolveOptions.Offline());

        Assert.Empty(result.Errors);
        Assert.Equal("""{"id":"00000000-0000-4000-8000-000000000000","version":"3.1"}""", result.Desired!.Pipeline[2].Body["flowSpec"]!.ToJsonString());
    }

    [Fact]
    public async Task A_catalog_that_knows_no_names_lists_none()
    {
        var result = await Load(Valid, ResolveOptions.Live with { FlowSpecs = new EmptyFlowSpecs() });

        Assert.Equal(["infra/connections.yaml:26:15 dataflows.flow.flowSpec: unknown flow spec 'RestStorageToAEP' (or give flowSpec: { id, version })"],
            Errors(result));
    }

    [Fact]
    public async Task A_flow_spec_id_the_service_refuses_to_serve_is_named_by_its_id()
    {
        var refused = new FlowServiceException("GET /flowSpecs/x failed: HTTP 400") { StatusCode = HttpStatusCode.BadRequest };

        var result = await Load(With("flowSpec: RestStorageToAEP", "flowSpec: { id: 00000000-0000-4000-8000-000000000000 }"),
            ResolveOptions.Live with { FlowSpecs = new EmptyFlowSpecs(refused) });

        Assert.Equal(["infra/connections.yaml:26:21 dataflows.flow.flowSpec.id: could not read flow spec '00000000-0000-4000-8000-000000000000': GET /flowSpecs/x failed: HTTP 400"],
            Errors(result));
    }

    [Fact]
    public async Task A_target_connection_with_a_written_spec_version_keeps_it()
    {
        var result = await Load(With("    params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }\n",
            "    params: { dataSetId: 5f1ef9ffb7d8a4194bf4ee2b }\n    connectionSpec: { id: c604ff05-7f1a-43c0-8e18-33bf874cb11c, version: \"1.1\" }\n"));

        Assert.Empty(result.Errors);
        Assert.Equal("""{"id":"c604ff05-7f1a-43c0-8e18-33bf874cb11c","version":"1.1"}""", result.Desired!.Pipeline[1].Body["connectionSpec"]!.ToJsonString());
    }
}
