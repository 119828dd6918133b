namespace Provisioner.FlowService.Tests.Contract;

/// <summary>The first check of every contract test: the request the client sent is an operation of Adobe's OAS and
/// carries what every Flow Service call needs.</summary>
internal static class DocumentedRequest
{
    /// <summary>The operation serving <paramref name="request"/>, once it is shown to carry every header the operation
    /// marks required, the sandbox and the bearer token.</summary>
    public static OpenApiOperation Of(OpenApiContract contract, RecordedRequest request)
    {
        var documented = contract.FindOperation(request.Method.Method, request.Uri.AbsolutePath);

        Assert.NotEmpty(documented.RequiredHeaders);
        Assert.All(documented.RequiredHeaders, header =>
            Assert.False(string.IsNullOrEmpty(request.Header(header)), $"{documented.Method} {documented.PathTemplate} requires header {header}"));
        // The OAS leaves x-sandbox-name optional on these routes; its prose (and the destinations spec) require it.
        Assert.Equal(TestClients.Sandbox, request.Header("x-sandbox-name"));
        Assert.Equal("Bearer token-1", request.Header("Authorization"));
        return documented;
    }
}
