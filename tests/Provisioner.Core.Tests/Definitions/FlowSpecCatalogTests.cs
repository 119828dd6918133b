using System.Net;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>Flow specs as dataflow definitions see them: the embedded catalog (the emulator's flow-specs.yaml) and what
/// the resolver does when a live catalog cannot be read.</summary>
public sealed class FlowSpecCatalogTests
{
    private const string File = ValidPipelineFile.Path;

    /// <summary>Every flow spec read fails with <paramref name="error"/>.</summary>
    private sealed class FailingFlowSpecs(FlowServiceException error) : IFlowSpecCatalog
    {
        public IReadOnlyCollection<string> KnownNames => [];
        public Task<FlowSpecInfo?> FindByNameAsync(string name, CancellationToken cancellationToken = default) => throw error;
        public Task<FlowSpecInfo?> GetFlowSpecAsync(string id, CancellationToken cancellationToken = default) => throw error;
    }

    private static Task<DefinitionsResult> Load(IFlowSpecCatalog flowSpecs) =>
        DefinitionsResolver.LoadAsync(ValidPipelineFile.Text, File, TestCatalog.Create(), ValidPipelineFile.Secrets, ResolveOptions.Live with { FlowSpecs = flowSpecs });

    [Fact]
    public async Task The_embedded_catalog_holds_the_documented_flow_specs_and_the_Data_Lake_target()
    {
        var catalog = EmbeddedFlowSpecCatalog.Instance;

        var cloudStorage = await catalog.FindByNameAsync("CloudStorageToAEP");
        var byId = await catalog.GetFlowSpecAsync("14518937-270C-4525-BDEC-C2BA7CCE3860");

        Assert.Equal(("9753525b-82c7-4dce-8a9b-5ccfce2b9876", "1.0"), (cloudStorage!.Id, cloudStorage.Version));
        Assert.True(cloudStorage.PairsSource("ECADC60C-7455-4d87-84dc-2a0e293d997b")); // Amazon S3, ids compare case-insensitively
        Assert.True(cloudStorage.PairsTarget("c604ff05-7f1a-43c0-8e18-33bf874cb11c"));
        Assert.Equal("CRMToAEP", byId!.Name);
        Assert.Null(await catalog.FindByNameAsync("crmtoaep")); // names are exact
        Assert.Equal(["dataSetId"], catalog.FindTargetSpec("c604ff05-7f1a-43c0-8e18-33bf874cb11c")!.RequiredParams);
    }

    [Fact]
    public async Task A_flow_spec_the_service_refuses_to_serve_is_a_located_error()
    {
        var refused = new FlowServiceException("GET /flowSpecs failed: HTTP 400") { StatusCode = HttpStatusCode.BadRequest };

        var result = await Load(new FailingFlowSpecs(refused));

        Assert.Equal([$"{File}:26:15 dataflows.flow.flowSpec: could not read flow spec 'RestStorageToAEP': GET /flowSpecs failed: HTTP 400"],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Refused_credentials_or_an_outage_while_reading_flow_specs_propagate(HttpStatusCode status)
    {
        var failure = new FlowServiceException("no") { StatusCode = status };

        var thrown = await Assert.ThrowsAsync<FlowServiceException>(() => Load(new FailingFlowSpecs(failure)));

        Assert.Same(failure, thrown);
    }
}
