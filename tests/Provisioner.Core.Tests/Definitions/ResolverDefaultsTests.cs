namespace Provisioner.Core.Tests.Definitions;

/// <summary>What the resolver fills in when the definitions leave it out, and which params it treats as secret.</summary>
public sealed class ResolverDefaultsTests
{
    private const string File = "infra/connections.yaml";
    private const string VersionedId = "6a7e2f0c-5c64-4f0e-9d57-0f2d6f1d3b11";
    private const string UnversionedId = "7b8f3a1d-6d75-4a1f-8e68-1a3e7a2e4c22";

    private static readonly DictionarySecretSource Secrets = new(new Dictionary<string, string> { ["pw"] = "s3cret" }, name => $"set AEP_SECRET_{name}");

    private static readonly InMemoryConnectionSpecCatalog Catalog = new(
        [
            new ConnectionSpec { Id = VersionedId, Name = "versioned", Version = "3.1", AuthSpecs = [new AuthSpec { Name = "Token" }] },
            new ConnectionSpec { Id = UnversionedId, Name = "unversioned", AuthSpecs = [new AuthSpec { Name = "Token" }] },
        ],
        [new("versioned", VersionedId), new("unversioned", UnversionedId)]);

    private static async Task<DesiredEntry> Single(string yaml, ResolveOptions? options = null)
    {
        var result = await DefinitionsResolver.LoadAsync(yaml, File, Catalog, Secrets, options ?? ResolveOptions.Live);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Assert.Single(result.Desired!.Entries.Values);
    }

    [Fact]
    public async Task An_omitted_version_is_the_specs_own_version()
    {
        var entry = await Single("connections:\n  k:\n    name: K\n    source: versioned\n    auth: { specName: Token }\n");
        Assert.Equal(new ConnectionSpecRef(VersionedId, "3.1"), entry.Connection.ConnectionSpec);
    }

    [Fact]
    public async Task A_written_version_wins_over_the_specs()
    {
        var entry = await Single($"connections:\n  k:\n    name: K\n    connectionSpec: {{ id: {VersionedId}, version: \"2.0\" }}\n    auth: {{ specName: Token }}\n");
        Assert.Equal("2.0", entry.Connection.ConnectionSpec.Version);
    }

    [Fact]
    public async Task A_spec_without_a_version_defaults_to_1_0()
    {
        var entry = await Single("connections:\n  k:\n    name: K\n    source: unversioned\n    auth: { specName: Token }\n");
        Assert.Equal(ConnectionSpecRef.DefaultVersion, entry.Connection.ConnectionSpec.Version);
        Assert.Equal("1.0", ConnectionSpecRef.DefaultVersion);
    }

    [Fact]
    public async Task A_spec_that_declares_no_params_takes_the_params_as_written_and_secret_references_stay_secret()
    {
        var entry = await Single("""
            connections:
              k:
                name: K
                description: d
                source: versioned
                auth:
                  specName: Token
                  params: { region: eu, retries: 3, token: { secret: pw } }
            """);

        Assert.Equal("""{"region":"eu","retries":3,"token":"s3cret"}""", entry.Connection.Params.ToJsonString());
        Assert.Equal(["token"], entry.SecretParams);
        Assert.Equal(("K", "d", "Token"), (entry.Connection.Name, entry.Connection.Description, entry.Connection.AuthSpecName));
        Assert.Equal("k", entry.Key);
    }

    [Fact]
    public async Task Offline_an_omitted_version_is_the_recorded_one_since_only_the_live_service_knows_the_specs_own()
    {
        var recorded = Recorded("k", VersionedId, "9.9");
        var entry = await Single("connections:\n  k:\n    name: K\n    source: versioned\n    auth: { specName: Token }\n", ResolveOptions.Offline(recorded));
        Assert.Equal("9.9", entry.Connection.ConnectionSpec.Version);

        var live = await Single("connections:\n  k:\n    name: K\n    source: versioned\n    auth: { specName: Token }\n", ResolveOptions.Live with { Recorded = recorded });
        Assert.Equal("3.1", live.Connection.ConnectionSpec.Version);
    }

    [Fact]
    public async Task Offline_an_unknown_spec_takes_the_recorded_version_of_the_same_key_and_spec_only()
    {
        const string UnknownId = "99999999-0000-4000-8000-000000000000";
        var yaml = $"connections:\n  k:\n    name: K\n    connectionSpec: {{ id: {UnknownId} }}\n    auth: {{ specName: Any, params: {{ a: 1, b: {{ secret: pw }} }} }}\n";

        var sameSpec = await Single(yaml, ResolveOptions.Offline(Recorded("k", UnknownId.ToUpperInvariant(), "4.2")));
        Assert.Equal(new ConnectionSpecRef(UnknownId, "4.2"), sameSpec.Connection.ConnectionSpec);
        Assert.Equal(["b"], sameSpec.SecretParams);
        Assert.Equal("""{"a":1,"b":"s3cret"}""", sameSpec.Connection.Params.ToJsonString());
        Assert.Equal("Any", sameSpec.Connection.AuthSpecName);

        Assert.Equal("1.0", (await Single(yaml, ResolveOptions.Offline(Recorded("k", VersionedId, "4.2")))).Connection.ConnectionSpec.Version);
        Assert.Equal("1.0", (await Single(yaml, ResolveOptions.Offline(Recorded("other", UnknownId, "4.2")))).Connection.ConnectionSpec.Version);
        Assert.Equal("1.0", (await Single(yaml, ResolveOptions.Offline())).Connection.ConnectionSpec.Version);

        var result = await DefinitionsResolver.LoadAsync(yaml, File, Catalog, Secrets, ResolveOptions.Offline());
        var note = Assert.Single(result.Notes);
        Assert.Equal($"{File}:4:27 connections.k.connectionSpec.id: connection spec '{UnknownId}' is not in the embedded catalog; it is checked against the service when applying, before any write", note.ToString());
    }

    [Fact]
    public async Task Offline_an_unknown_spec_still_reports_unset_secrets()
    {
        var result = await DefinitionsResolver.LoadAsync(
            "connections:\n  k:\n    name: K\n    connectionSpec: { id: abc }\n    auth: { specName: Any, params: { b: { secret: missing } } }\n",
            File, Catalog, Secrets, ResolveOptions.Offline());

        Assert.Null(result.Desired);
        Assert.Equal($"{File}:5:41 connections.k.auth.params.b: secret 'missing' is not set: set AEP_SECRET_missing", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task An_alias_to_a_spec_the_service_does_not_know_names_both()
    {
        var catalog = new InMemoryConnectionSpecCatalog([], [new("ghost", "abc")]);
        var result = await DefinitionsResolver.LoadAsync("connections:\n  k:\n    name: K\n    source: ghost\n    auth: { specName: Any }\n", File, catalog, Secrets);

        Assert.Equal($"{File}:4:13 connections.k.source: source alias 'ghost' maps to connection spec 'abc', which the service does not know", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task An_unknown_alias_with_an_empty_catalog_lists_no_aliases()
    {
        var catalog = new InMemoryConnectionSpecCatalog([], []);
        var result = await DefinitionsResolver.LoadAsync("connections:\n  k:\n    name: K\n    source: ghost\n    auth: { specName: Any }\n", File, catalog, Secrets);

        Assert.Equal($"{File}:4:13 connections.k.source: unknown source alias 'ghost' (or give connectionSpec: {{ id, version }})", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task A_param_error_points_at_the_param_and_its_value_is_left_out()
    {
        var result = await DefinitionsResolver.LoadAsync("""
            connections:
              k:
                name: K
                source: sftp
                auth:
                  specName: Basic Authentication for sftp
                  params: { host: h, userName: u, password: { secret: pw }, port: "22" }
            """, File, TestCatalog.Create(), Secrets);

        Assert.Equal($"{File}:7:71 connections.k.auth.params.port: param 'port' must be of type integer, found a string", Assert.Single(result.Errors).ToString());
    }

    private static RecordedState Recorded(string key, string specId, string version) => RecordedState.From(
    [
        KeyValuePair.Create(key, new RecordedConnection("id-1", "etag-1",
            new DesiredConnection("K", null, new ConnectionSpecRef(specId, version), "Token", new JsonObject()), new HashSet<string>())),
    ]);
}
