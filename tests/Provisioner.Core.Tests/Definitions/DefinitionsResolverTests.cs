namespace Provisioner.Core.Tests.Definitions;

public sealed class DefinitionsResolverTests
{
    private const string File = "infra/connections.yaml";
    private const string Canary = "canary-secret-7f3a91c2";

    private static readonly DictionarySecretSource Secrets = new(new Dictionary<string, string>
    {
        ["mixpanelPassword"] = Canary,
        ["sfPassword"] = "sf-pw",
        ["sfToken"] = "sf-token",
    }, name => $"set AEP_SECRET_{name.ToUpperInvariant()}");

    private static Task<DefinitionsResult> Load(string yaml) =>
        DefinitionsResolver.LoadAsync(yaml, File, TestCatalog.Create(), Secrets);

    [Fact]
    public async Task Resolves_aliases_specs_and_secret_references()
    {
        var result = await Load("""
            connections:
              mixpanel:
                name: Mixpanel
                description: events
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params:
                    host: https://data.mixpanel.com
                    username: reader
                    password: { secret: mixpanelPassword }
              crm:
                name: CRM
                connectionSpec: { id: cfc0fee1-7dc0-40ef-b73e-d8b134c436f5, version: "2.0" }
                auth:
                  specName: Basic Authentication
                  params:
                    environmentUrl: https://x.my.salesforce.com
                    username: { secret: sfPassword }
                    password: { secret: sfPassword }
                    securityToken: { secret: sfToken }
            """);

        Assert.Empty(result.Errors);
        Assert.True(result.Succeeded);
        var set = result.Desired!;
        var mixpanel = set.Entries["mixpanel"];
        Assert.Equal(TestCatalog.MixpanelId, mixpanel.Connection.ConnectionSpec.Id);
        Assert.Equal("1.0", mixpanel.Connection.ConnectionSpec.Version);
        Assert.Equal(Canary, mixpanel.Connection.Params["password"]!.GetValue<string>());
        Assert.Equal(["password"], mixpanel.SecretParams);
        var crm = set.Entries["crm"];
        Assert.Equal("2.0", crm.Connection.ConnectionSpec.Version);
        // A reference on a non-secret param makes it secret too: it is never recorded in clear.
        Assert.Equal(["password", "securityToken", "username"], crm.SecretParams.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_spec_level_error_is_reported_at_once_and_no_value_is_quoted()
    {
        var result = await Load($"""
            connections:
              a:
                name: A
                source: mixpanl
                auth: {"{"} specName: Basic Authentication {"}"}
              b:
                name: B
                connectionSpec: {"{"} id: 00000000-0000-0000-0000-000000000000 {"}"}
                auth: {"{"} specName: Basic Authentication {"}"}
              c:
                name: C
                source: salesforce
                auth: {"{"} specName: Basic {"}"}
              d:
                name: D
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params:
                    host: https://data.mixpanel.com
                    usrname: typo
                    password: {Canary}
              e:
                name: E
                source: sftp
                auth:
                  specName: Basic Authentication for sftp
                  params:
                    host: sftp.example.com
                    userName: u
                    port: "22"
                    password: {"{"} secret: notSet {"}"}
            """);

        Assert.Null(result.Desired);
        Assert.Equal(
        [
            "infra/connections.yaml:4:13 connections.a.source: unknown source alias 'mixpanl'; known aliases: amazon-s3, mixpanel, salesforce, sftp (or give connectionSpec: { id, version })",
            "infra/connections.yaml:8:27 connections.b.connectionSpec.id: unknown connection spec id '00000000-0000-0000-0000-000000000000'",
            "infra/connections.yaml:13:23 connections.c.auth.specName: unknown auth spec 'Basic' for salesforce (cfc0fee1-7dc0-40ef-b73e-d8b134c436f5); available: 'Basic Authentication', 'OAuth2 Client Credential'",
            "infra/connections.yaml:19:7 connections.d.auth.params: missing required param 'username' of auth spec 'Basic Authentication'",
            "infra/connections.yaml:21:18 connections.d.auth.params.usrname: unknown param 'usrname' for auth spec 'Basic Authentication'; declared: host, username, password",
            "infra/connections.yaml:22:19 connections.d.auth.params.password: 'password' is a secret (format: password) and must not be written in plain text; use { secret: NAME } and supply the value separately",
            "infra/connections.yaml:31:15 connections.e.auth.params.port: param 'port' must be of type integer, found a string",
            "infra/connections.yaml:32:19 connections.e.auth.params.password: secret 'notSet' is not set: set AEP_SECRET_NOTSET",
        ], result.Errors.Select(e => e.ToString()));
        Assert.DoesNotContain(result.Errors, e => e.ToString().Contains(Canary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parse_errors_and_spec_errors_come_together_in_file_order()
    {
        var result = await Load("""
            connections:
              a:
                name: A
                source: nope
                auth: { specName: Basic Authentication }
              b:
                name: B
                bogus: 1
                source: mixpanel
                auth: { specName: Basic Authentication }
            """);

        Assert.Equal(["4:13", "8:5"], result.Errors.Select(e => $"{e.Location.Line}:{e.Location.Column}"));
        Assert.Null(result.Desired);
    }

    [Fact]
    public async Task Without_a_secret_source_references_are_not_resolved_and_no_set_is_produced()
    {
        var result = await DefinitionsResolver.LoadAsync("""
            connections:
              a:
                name: A
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params: { host: h, username: u, password: { secret: unknownEverywhere } }
            """, File, TestCatalog.Create(), secrets: null);

        Assert.Empty(result.Errors);
        Assert.Null(result.Desired);
    }

    [Fact]
    public async Task Param_types_given_as_a_list_or_an_odd_shape_are_checked_without_throwing()
    {
        // Specs from the service may declare "type": ["string", "null"]; a malformed one must not crash the resolver.
        var spec = new Provisioner.FlowService.Models.ConnectionSpec
        {
            Id = "0d9c0a54-1f3b-4c53-9f55-d1d5b5f0c0a1", Name = "listy", Version = "1.0",
            AuthSpecs =
            [
                new Provisioner.FlowService.Models.AuthSpec
                {
                    Name = "Basic", Type = "BasicAuthentication",
                    Spec = System.Text.Json.Nodes.JsonNode.Parse("""
                        { "type": "object", "properties": {
                            "host": { "type": ["string", "null"] },
                            "port": { "type": ["integer", "null"] },
                            "odd":  { "type": { "not": "a type" } } } }
                        """)!.AsObject(),
                },
            ],
        };
        var catalog = new InMemoryConnectionSpecCatalog([spec], [new("listy", spec.Id)]);
        const string Yaml = """
            connections:
              ok:
                name: OK
                source: listy
                auth: { specName: Basic, params: { host: h, port: 22, odd: 1 } }
              bad:
                name: Bad
                source: listy
                auth: { specName: Basic, params: { host: h, port: twenty-two } }
            """;

        var result = await DefinitionsResolver.LoadAsync(Yaml, File, catalog, Secrets);

        var error = Assert.Single(result.Errors);
        Assert.Equal(9, error.Location.Line);
        Assert.Contains("param 'port' must be of type integer or null, found a string", error.Message, StringComparison.Ordinal);
    }
}
