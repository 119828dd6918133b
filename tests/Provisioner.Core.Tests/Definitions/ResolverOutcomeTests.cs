using System.Net;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>What the resolver makes of a definition beyond its defaults: when a result is usable, which params count
/// as secret, what an unreadable spec means, and how an offline definition of an unknown spec is taken.</summary>
public sealed class ResolverOutcomeTests
{
    private const string File = "infra/connections.yaml";
    private const string UnknownId = "99999999-0000-4000-8000-000000000001";

    private static readonly DictionarySecretSource Secrets = new(new Dictionary<string, string> { ["pw"] = "s3cret" });

    private static Task<DefinitionsResult> Load(string yaml, IConnectionSpecCatalog? catalog = null, ISecretSource? secrets = null, ResolveOptions? options = null) =>
        DefinitionsResolver.LoadAsync(yaml, File, catalog ?? TestCatalog.Create(), secrets, options ?? ResolveOptions.Live);

    private const string Mixpanel = "connections:\n  k:\n    name: K\n    source: mixpanel\n    auth:\n      specName: Basic Authentication\n"
        + "      params: { host: h, username: u, password: { secret: pw } }\n";

    [Fact]
    public async Task Without_secrets_a_valid_file_has_no_errors_but_no_set_to_apply_either()
    {
        var result = await Load(Mixpanel, secrets: null);

        Assert.Empty(result.Errors);
        Assert.Null(result.Desired);
        Assert.False(result.Succeeded);
        Assert.True((await Load(Mixpanel, secrets: Secrets)).Succeeded);
    }

    [Fact]
    public async Task The_secret_params_are_the_specs_whether_given_or_not_plus_every_secret_reference()
    {
        var result = await Load("connections:\n  k:\n    name: K\n    source: amazon-s3\n    auth:\n      specName: Access Key\n"
            + "      params: { s3AccessKey: { secret: pw }, s3SecretKey: { secret: pw } }\n", secrets: Secrets);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(["s3AccessKey", "s3SecretKey", "s3SessionToken"], result.Desired!.Entries["k"].SecretParams.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_param_given_as_an_unset_secret_is_reported_once_as_unknown()
    {
        var result = await Load("connections:\n  k:\n    name: K\n    source: mixpanel\n    auth:\n      specName: Basic Authentication\n"
            + "      params: { host: h, username: u, password: { secret: pw }, extra: { secret: unset } }\n", secrets: Secrets);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"{File}:7:72 connections.k.auth.params.extra: unknown param 'extra' for auth spec 'Basic Authentication'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_destination_alias_is_called_a_destination_alias()
    {
        var result = await Load("connections:\n  k:\n    name: K\n    destination: ghost\n", new InMemoryConnectionSpecCatalog([], []), Secrets);

        Assert.Equal($"{File}:4:18 connections.k.destination: unknown destination alias 'ghost' (or give connectionSpec: {{ id, version }})",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task A_spec_the_service_refuses_to_serve_is_an_error_of_each_definition_that_uses_it()
    {
        var refused = new FlowServiceException("GET /connectionSpecs/x failed: HTTP 400") { StatusCode = HttpStatusCode.BadRequest };

        var result = await Load($"connections:\n  a:\n    name: A\n    connectionSpec: {{ id: x }}\n  b:\n    name: B\n    connectionSpec: {{ id: x }}\n",
            new FailingCatalog(refused), Secrets);

        Assert.Equal(
        [
            $"{File}:4:27 connections.a.connectionSpec.id: could not read connection spec 'x': GET /connectionSpecs/x failed: HTTP 400",
            $"{File}:7:27 connections.b.connectionSpec.id: could not read connection spec 'x': GET /connectionSpecs/x failed: HTTP 400",
        ], result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Refused_credentials_or_an_outage_while_reading_specs_propagate_once_instead_of_per_definition(HttpStatusCode status)
    {
        var failure = new FlowServiceException("no") { StatusCode = status };

        var thrown = await Assert.ThrowsAsync<FlowServiceException>(() => Load("connections:\n  a:\n    name: A\n    connectionSpec: { id: x }\n",
            new FailingCatalog(failure), Secrets));

        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task Offline_a_written_version_of_an_unknown_spec_is_kept()
    {
        var result = await Load($"connections:\n  k:\n    name: K\n    connectionSpec: {{ id: {UnknownId}, version: \"2.5\" }}\n",
            secrets: Secrets, options: ResolveOptions.Offline());

        Assert.Equal(new ConnectionSpecRef(UnknownId, "2.5"), result.Desired!.Entries["k"].Connection.ConnectionSpec);
    }

    [Fact]
    public async Task Offline_a_destination_whose_spec_is_unknown_stays_a_destination()
    {
        var catalog = new InMemoryConnectionSpecCatalog([], [new("new-destination", UnknownId)]);

        var result = await Load("connections:\n  k:\n    name: K\n    destination: new-destination\n", catalog, Secrets, ResolveOptions.Offline());

        var connection = result.Desired!.Entries["k"].Connection;
        Assert.Equal((ConnectionKind.Destination, UnknownId, (string?)null), (connection.Kind, connection.ConnectionSpec.Id, connection.AuthSpecName));
        var asSource = await Load("connections:\n  k:\n    name: K\n    connectionSpec: { id: x }\n", catalog, Secrets, ResolveOptions.Offline());
        Assert.Equal(ConnectionKind.Source, asSource.Desired!.Entries["k"].Connection.Kind);
    }

    [Fact]
    public void A_missing_secret_is_described_by_the_source_or_by_default_as_a_missing_entry()
    {
        Assert.Equal("add 'x' to the secrets", new DictionarySecretSource(new Dictionary<string, string>()).DescribeMissing("x"));
        Assert.Equal("set X", new DictionarySecretSource(new Dictionary<string, string>(), n => "set " + n.ToUpperInvariant()).DescribeMissing("x"));
    }
}
