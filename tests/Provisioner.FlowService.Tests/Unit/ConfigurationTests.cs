using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Provisioner.FlowService.Tests.Unit;

/// <summary>Creation-time checks: transport safety, required settings, and the DI registration.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.8.9.10")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("http://localhost:5080")]
    [InlineData("https://platform.adobe.io")]
    public async Task Https_anywhere_and_plain_http_on_loopback_are_accepted(string endpoint)
    {
        var transport = new FakeTransport();
        using var client = TestClients.Create(transport, o =>
        {
            o.Endpoint = new Uri(endpoint);
            o.ImsEndpoint = new Uri(endpoint);
        });

        Assert.Null(await client.GetConnectionAsync("c-1"));

        // Accepted as given: the token request and the call both go to that scheme, host and port, not upgraded.
        var target = new Uri(endpoint).GetLeftPart(UriPartial.Authority);
        Assert.Equal(target, Assert.Single(transport.ImsRequests).Uri.GetLeftPart(UriPartial.Authority));
        var call = Assert.Single(transport.FlowRequests);
        Assert.Equal(target, call.Uri.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/data/foundation/flowservice/connections/c-1", call.Uri.AbsolutePath);
    }

    [Theory]
    [InlineData("http://platform.adobe.io")]
    [InlineData("http://localhost.evil.test")]
    [InlineData("http://10.0.0.1")]
    [InlineData("ftp://127.0.0.1")]
    public void Plain_http_to_a_remote_endpoint_is_refused_at_creation(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(new FakeTransport(), o => o.Endpoint = new Uri(endpoint)));

        Assert.Contains("Endpoint", error.Message);
        Assert.Contains("https", error.Message);
    }

    [Fact]
    public void Plain_http_to_a_remote_ims_is_refused_because_the_client_secret_would_travel_in_clear()
    {
        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(new FakeTransport(), o => o.ImsEndpoint = new Uri("http://ims.example.test")));

        Assert.Contains("ImsEndpoint", error.Message);
    }

    [Fact]
    public void Credentials_in_the_endpoint_url_are_refused_without_echoing_them()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TestClients.Create(new FakeTransport(), o => o.Endpoint = new Uri("https://user:hunter2@platform.test")));

        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("user information", error.Message);
    }

    [Fact]
    public void Missing_org_client_id_and_sandbox_are_all_named()
    {
        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(new FakeTransport(), o =>
        {
            o.OrgId = null;
            o.ClientId = " ";
            o.SandboxName = "";
        }));

        Assert.Contains("OrgId", error.Message);
        Assert.Contains("ClientId", error.Message);
        Assert.Contains("SandboxName", error.Message);
    }

    [Fact]
    public async Task Options_are_copied_so_later_edits_do_not_reach_the_client()
    {
        var options = TestClients.Options();
        var transport = new FakeTransport();
        using var client = FlowServiceClientFactory.Create(options, primaryHandler: transport);
        options.SandboxName = "changed-later";

        await client.FindConnectionsByNameAsync("n");

        Assert.Equal(TestClients.Sandbox, Assert.Single(transport.FlowRequests).Header("x-sandbox-name"));
    }

    [Fact]
    public async Task AddFlowServiceClient_registers_a_working_typed_client()
    {
        var transport = new FakeTransport();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlowServiceClient(o => TestClients.Options().CopyTo(o))
            .ConfigurePrimaryHttpMessageHandler(() => transport);
        // The IMS client is separate; point its primary handler at the same fake.
        services.AddHttpClient("Provisioner.FlowService.Ims").ConfigurePrimaryHttpMessageHandler(() => transport);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IFlowServiceClient>();
        await client.FindConnectionsByNameAsync("n");
        // The pipeline operations come from the same registration, through the same handlers (one token for both).
        await provider.GetRequiredService<IFlowPipelineClient>().FindObjectsByNameAsync(PipelineRoute.Flows, "n");

        Assert.IsType<FlowServiceClient>(client);
        Assert.Equal(2, transport.FlowRequests.Count);
        Assert.All(transport.FlowRequests, r => Assert.Equal("Bearer token-1", r.Header("Authorization")));
        Assert.Equal("/data/foundation/flowservice/flows", transport.FlowRequests[1].Uri.AbsolutePath);
    }

    [Fact]
    public async Task AddFlowServiceClient_with_invalid_options_fails_when_the_client_is_created()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFlowServiceClient(o => o.Endpoint = new Uri("http://platform.adobe.io"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IFlowServiceClient>());
        Assert.Contains("plain http", error.Message);
    }
}
