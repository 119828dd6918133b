using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioner.Cli;
using Provisioner.PulumiProvider.Configuration;
using Provisioner.PulumiProvider.Protocol;

namespace Provisioner.Reliability.Tests;

/// <summary>
/// Deliverable 7. Credentials travel on every call, so plain http is refused unless the host is loopback — in the
/// client's options, the plugin's config and the CLI's stack settings — and a TLS certificate the machine does not
/// trust fails the call instead of being ignored.
/// </summary>
public sealed class TransportSafetyTests
{
    public static TheoryData<string> Remote => ["http://platform.adobe.io", "http://10.1.2.3", "http://192.168.0.1:8080", "http://127.0.0.1.nip.io", "http://localhost.example.com", "http://[fe80::1]"];

    public static TheoryData<string> Loopback => ["http://127.0.0.1:5080", "http://127.9.9.9", "http://[::1]:5080", "http://localhost:5080", "https://platform.adobe.io"];

    private static FlowServiceOptions Options(string endpoint) => new()
    {
        Endpoint = new Uri(endpoint), ImsEndpoint = new Uri(endpoint), ClientId = "id", ClientSecret = "secret", OrgId = "ORG@AdobeOrg",
    };

    [Theory]
    [MemberData(nameof(Remote))]
    public void The_client_refuses_plain_http_to_a_remote_host(string endpoint)
    {
        var refused = Assert.Throws<ArgumentException>(() => FlowServiceClientFactory.Create(Options(endpoint)));
        Assert.Contains("plain http", refused.Message, StringComparison.Ordinal);
        Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", refused.Message.Replace("ClientSecret", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Loopback))]
    public async Task The_client_accepts_https_and_plain_http_on_loopback(string endpoint)
    {
        var transport = new RecordingTransport();
        using var client = FlowServiceClientFactory.Create(Options(endpoint), primaryHandler: transport);

        Assert.Null(await client.GetConnectionAsync("c-1"));

        // The credentials went where they were told to, as they were told to: the token request, then the call.
        var target = new Uri(endpoint).GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            [$"{target}/ims/token/v3", $"{target}/data/foundation/flowservice/connections/c-1"],
            transport.Requests.Select(r => r.GetLeftPart(UriPartial.Path)));
    }

    /// <summary>Stands in for the network: issues a token, answers every other call with an empty page.</summary>
    private sealed class RecordingTransport : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request.RequestUri!);
            }

            var body = request.RequestUri!.AbsolutePath.EndsWith("/ims/token/v3", StringComparison.Ordinal)
                ? """{"access_token":"token-1","token_type":"bearer","expires_in":86399}"""
                : """{"items":[]}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public void The_client_refuses_a_remote_plain_http_ims_endpoint_even_with_an_https_gateway()
    {
        var options = Options("https://platform.adobe.io");
        options.ImsEndpoint = new Uri("http://ims-na1.adobelogin.com");
        var refused = Assert.Throws<ArgumentException>(() => FlowServiceClientFactory.Create(options));
        Assert.Contains("ImsEndpoint", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Remote))]
    public void The_plugin_config_refuses_plain_http_to_a_remote_host(string endpoint)
    {
        var config = PropertyMap.Empty
            .Set("aep:endpoint", PropertyValue.Of(endpoint))
            .Set("aep:clientId", PropertyValue.Of("id"))
            .Set("aep:orgId", PropertyValue.Of("ORG@AdobeOrg"))
            .Set("aep:clientSecret", PropertyValue.Secret(PropertyValue.Of("secret")));

        var reading = ConfigReader.Read(config, _ => null);

        Assert.Null(reading.Config);
        var failure = Assert.Single(reading.Failures);
        Assert.Equal("endpoint", failure.Property);
        Assert.Contains("http", failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Remote))]
    public async Task The_cli_refuses_a_stack_whose_endpoint_is_plain_http_to_a_remote_host(string endpoint)
    {
        var directory = Directory.CreateTempSubdirectory("reliability-stack-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "stacks"));
            await File.WriteAllTextAsync(Path.Combine(directory, "stacks", "Pulumi.remote.yaml"),
                $"config:\n  aep:endpoint: {endpoint}\n  aep:clientId: id\n  aep:orgId: ORG@AdobeOrg\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "connections.yaml"), "connections: {}\n");
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var env = new CliEnvironment(stdout, stderr, name => name == "AEP_CLIENT_SECRET" ? "secret" : null, directory);

            var exit = await CliApp.RunAsync(["plan", "--stack", "remote", "--file", "connections.yaml"], env);

            Assert.Equal(1, exit);
            Assert.Contains("plain http", stderr.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(directory, ".aep-provision", "state")), "no state may be written for a refused target");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_certificate_the_machine_does_not_trust_fails_the_call_with_a_tls_error()
    {
        using var certificate = SelfSigned();
        var received = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        await using var server = builder.Build();
        server.Run(context =>
        {
            Interlocked.Increment(ref received);
            context.Response.StatusCode = 200;
            return context.Response.WriteAsync("""{"items":[]}""");
        });
        await server.StartAsync();
        var port = new Uri(server.Urls.First()).Port;

        using var client = FlowServiceClientFactory.Create(new FlowServiceOptions
        {
            Endpoint = new Uri($"https://127.0.0.1:{port}"), ClientId = "id", OrgId = "ORG@AdobeOrg", AccessToken = "token", MaxRetryAttempts = 0,
        });
        var error = await Assert.ThrowsAsync<FlowServiceException>(() => client.GetConnectionAsync("c-1"));

        Assert.Null(error.StatusCode);
        Assert.Contains("could not connect", error.Message, StringComparison.Ordinal);
        var transport = Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(HttpRequestError.SecureConnectionError, transport.HttpRequestError);
        Assert.IsType<AuthenticationException>(transport.InnerException);
        Assert.Equal(0, received); // no request (and so no token) was ever sent over the untrusted channel
    }

    /// <summary>A fresh self-signed certificate for 127.0.0.1 that no trust store knows.</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs the private key in a usable store form: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
