using Provisioner.Core.Tests.Reconciliation;

namespace Provisioner.Core.Tests.Definitions;

/// <summary>Destinations in definitions files, checked against the specs the emulator serves over loopback: the same
/// located errors as sources, and no auth where the spec takes none.</summary>
public sealed class DestinationDefinitionsTests
{
    private static async Task<IReadOnlyList<string>> ErrorsOf(string yaml)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var result = await DefinitionsResolver.LoadAsync(yaml, "f.yaml", harness.Catalog, EmulatorHarness.Secrets);
        return result.Errors.Select(e => e.ToString()).ToArray();
    }

    [Fact]
    public async Task A_source_alias_used_as_a_destination_and_the_reverse_are_located_errors()
    {
        var errors = await ErrorsOf("""
            connections:
              a:
                name: A
                source: s3-destination
                auth: { specName: Access Key, params: { s3AccessKey: AK, s3SecretKey: { secret: mixpanelPassword } } }
              b:
                name: B
                destination: mixpanel
                auth: { specName: Basic Authentication, params: { host: h, username: u, password: { secret: mixpanelPassword } } }
            """);
        Assert.Equal([
            "f.yaml:4:13 connections.a.source: 's3-destination' is a destination (amazon-s3-destination, 4fce964d-3f37-408f-9778-e597338a21ee), not a source: write 'destination: s3-destination'",
            "f.yaml:8:18 connections.b.destination: 'mixpanel' is a source (mixpanel, fd2c8ff3-1de0-4f6b-8fa8-4264784870eb), not a destination: write 'source: mixpanel'",
        ], errors);
    }

    [Fact]
    public async Task A_destination_gets_the_same_auth_spec_param_and_secret_errors_as_a_source()
    {
        var errors = await ErrorsOf("""
            connections:
              wrong-auth:
                name: W
                destination: s3-destination
                auth: { specName: Basic Authentication }
              plain:
                name: P
                destination: s3-destination
                auth:
                  specName: Access Key
                  params: { s3SecretKey: not-a-reference }
            """);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("f.yaml:5:23 connections.wrong-auth.auth.specName: unknown auth spec 'Basic Authentication'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("f.yaml:11:7 connections.plain.auth.params: missing required param 's3AccessKey'", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("f.yaml:11:30 connections.plain.auth.params.s3SecretKey: 's3SecretKey' is a secret", errors[2], StringComparison.Ordinal);
        Assert.DoesNotContain(errors, e => e.Contains("not-a-reference", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Auth_is_required_unless_the_spec_takes_none_and_refused_when_it_takes_none()
    {
        var errors = await ErrorsOf("""
            connections:
              no-auth:
                name: N
                destination: s3-destination
              dlz:
                name: D
                destination: data-landing-zone
                auth: { specName: Access Key }
              dlz-ok:
                name: D2
                destination: data-landing-zone
            """);
        Assert.Equal([
            "f.yaml:2:3 connections.no-auth.auth: missing 'auth': amazon-s3-destination (4fce964d-3f37-408f-9778-e597338a21ee) needs one of its auth specs: 'Access Key'",
            "f.yaml:8:23 connections.dlz.auth.specName: Data Landing Zone (10440537-2a7b-4583-ac39-ed38d4b848e8) takes no auth; remove 'auth'",
        ], errors);
    }

    [Fact]
    public void Destination_and_source_together_is_a_structural_error()
    {
        var parsed = DefinitionsParser.Parse("""
            connections:
              x:
                name: X
                source: mixpanel
                destination: s3-destination
            """, "f.yaml");
        Assert.Contains(parsed.Errors, e => e.ToString().StartsWith("f.yaml:5:18 connections.x.destination: give one of 'source' or 'destination'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_connection_spec_id_alone_takes_its_kind_from_the_spec()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var set = await harness.LoadAsync("""
            connections:
              dlz:
                name: D
                connectionSpec: { id: 10440537-2a7b-4583-ac39-ed38d4b848e8 }
            """);
        var dlz = set.Entries["dlz"].Connection;
        Assert.Equal(ConnectionKind.Destination, dlz.Kind);
        Assert.Null(dlz.AuthSpecName);
        Assert.Null(dlz.ToCreateRequest().Auth);
    }
}
