using Provisioner.Emulator.Catalog;

namespace Provisioner.Emulator.Tests;

public class CatalogTests
{
    private static readonly ConnectionSpecCatalog Catalog = ConnectionSpecCatalog.LoadEmbedded();

    // Reference §4.1: alias → connectionSpec.id, and one auth spec name that must exist verbatim.
    public static TheoryData<string, string, string> ReferenceSources => new()
    {
        { "mixpanel", "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb", "Basic Authentication" },
        { "amazon-s3", "ecadc60c-7455-4d87-84dc-2a0e293d997b", "Access Key" },
        { "azure-blob", "4c10e202-c428-4796-9208-5f1f5732b1cf", "SAS URI Authentication" },
        { "google-cloud-storage", "32e8f412-cdf7-464c-9885-78184cb113fd", "Basic Authentication for google-cloud" },
        { "sftp", "b7bf2577-4520-42c9-bae9-cad01560f7bc", "SSH PublicKey Authentication for sftp" },
        { "adls-gen2", "b3ba5556-48be-44b7-8b85-ff2b69b46dc4", "Basic Authentication for adls-gen2" },
        { "salesforce", "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", "OAuth2 Client Credential" },
        { "google-bigquery", "3c9b37f8-13a6-43d8-bad3-b863b941fedd", "Basic Authentication" },
        { "snowflake", "b2e08744-4f1a-40ce-af30-7abac3e23cf3", "ConnectionString" },
        { "zendesk", "0a27232b-2c6e-4396-b8c6-c9fc24e37ba4", "OAuth2 Refresh Code" },
        { "hubspot", "cc6a4487-9e91-433e-a3a3-9cf6626c1806", "Basic Authentication" },
        { "generic-rest", "4e98f16f-87d6-4ef0-bdc6-7a2b0fe76e62", "oAuth2RefreshCode" },
        { "mysql", "26d738e0-8963-47ea-aadf-c60de735468a", "Connection String Based Authentication" },
        { "postgresql", "74a1c565-4e59-48d7-9d67-7c03b8a13137", "Connection String Based Authentication" },
        { "microsoft-dynamics", "38ad80fe-8b06-4938-94f4-d4ee80266b07", "Service Principal Key Based Authentication" },
        { "amazon-redshift", "3416976c-a9ca-4bba-901a-1f08f66978ff", "Basic Authentication" },
        { "ftp", "fb2e94c9-c031-467d-8103-6bd6e0a432f2", "Basic Authentication for ftp" },
        { "salesforce-service-cloud", "cb66ab34-8619-49cb-96d1-39b37ede86ea", "OAuth2 Client Credential" },
        { "salesforce-marketing-cloud", "ea1c2a08-b722-11eb-8529-0242ac130003", "OAuth2 Client Credential" },
        { "oracle-netsuite", "fdf850b4-5a8d-4a5a-9ce8-4caef9abb2a8", "OAuth2 Client Credential" },
        { "http-api", "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb", "Streaming Connection" },
    };

    [Theory]
    [MemberData(nameof(ReferenceSources))]
    public void Every_reference_source_is_found_by_alias_and_id(string alias, string id, string authSpec)
    {
        var source = Catalog.FindByAlias(alias);
        Assert.NotNull(source);
        Assert.Equal(id, source.Id);
        Assert.Same(source, Catalog.FindById(id));
        Assert.Same(source, Catalog.FindById(id.ToUpperInvariant()));
        Assert.NotNull(source.FindAuthSpec(authSpec));
        Assert.Null(source.FindAuthSpec(authSpec.ToUpperInvariant() + "x"));
    }

    [Fact]
    public void The_catalog_has_at_least_20_sources_each_with_required_params()
    {
        Assert.True(Catalog.Sources.Count >= 20, $"only {Catalog.Sources.Count} sources");
        Assert.All(Catalog.Sources, s => Assert.All(s.AuthSpecs, a => Assert.NotEmpty(a.RequiredParams)));
        Assert.Equal(Catalog.Sources.Count, Catalog.Sources.Select(s => s.Id).Distinct().Count());
        Assert.Equal(Catalog.Sources.Count, Catalog.Sources.Select(s => s.Alias).Distinct().Count());
    }

    [Theory]
    [InlineData("mixpanel", "Basic Authentication", "password")]
    [InlineData("amazon-s3", "Access Key", "s3SecretKey", "s3SessionToken")]
    [InlineData("sftp", "SSH PublicKey Authentication for sftp", "privateKeyContent", "passPhrase")]
    [InlineData("salesforce", "Basic Authentication", "password", "securityToken")]
    [InlineData("hubspot", "Basic Authentication", "clientSecret", "accessToken", "refreshToken")]
    [InlineData("mysql", "Connection String Based Authentication", "connectionString")]
    [InlineData("http-api", "Streaming Connection")]
    public void Secrets_carry_format_password_in_the_served_schema(string alias, string authSpec, params string[] secrets)
    {
        var auth = Catalog.FindByAlias(alias)!.FindAuthSpec(authSpec)!;
        Assert.Equal(secrets, auth.SecretParams);
        var schema = auth.ToJsonSchema();
        Assert.Equal("object", (string?)schema["type"]);
        foreach (var (name, property) in schema["properties"]!.AsObject())
        {
            Assert.Equal(auth.IsSecret(name), (string?)property!["format"] == "password");
        }

        Assert.Equal(auth.RequiredParams, schema["required"]!.AsArray().Select(r => (string)r!));
    }

    [Theory]
    [InlineData("sources: [{ id: fd2c8ff3-1de0-4f6b-8fa8-4264784870eb }]", "sources[0]", "alias")]
    [InlineData("sources: [{ alias: Bad_Alias, id: x }]", "Bad_Alias", "lowercase")]
    [InlineData("sources: [{ alias: a, id: not-a-guid }]", "alias 'a'", "GUID")]
    [InlineData("sources: [{ alias: a, id: fd2c8ff3-1de0-4f6b-8fa8-4264784870eb, explore: maybe }]", "alias 'a'", "maybe")]
    [InlineData("sources: [{ alias: a, id: fd2c8ff3-1de0-4f6b-8fa8-4264784870eb }]", "alias 'a'", "authSpecs is missing")]
    [InlineData("defaults: {providerId: p, version: '1.0'}\nsources: [{ alias: a, id: fd2c8ff3-1de0-4f6b-8fa8-4264784870eb, name: n, connectorName: c, category: k, authSpecs: [{ name: B, type: t, params: [{ name: x, type: date }] }] }]", "param 'x'", "date")]
    [InlineData("defaults: {providerId: p, version: '1.0'}\nsources: [{ alias: a, id: fd2c8ff3-1de0-4f6b-8fa8-4264784870eb, name: n, connectorName: c, category: k, authSpecs: [{ name: B, type: t, params: [{ name: x, pattern: '(' }] }] }]", "param 'x'", "regex")]
    [InlineData("sources: [ { alias: a", "test.yaml", "")]
    public void Catalog_errors_name_the_entry(string yaml, string names, string problem)
    {
        var error = Assert.Throws<CatalogException>(() => ConnectionSpecCatalog.Load(new StringReader(yaml), "test.yaml"));
        Assert.Contains(names, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
