using Provisioner.Cli.Settings;
using Provisioner.Core.Definitions;

namespace Provisioner.Cli.Tests;

/// <summary>Plan and apply follow the service's connection spec; where it differs from the embedded catalog that
/// validate uses, the CLI says so once per spec.</summary>
public sealed class CatalogTruthTests
{
    private const string MixpanelId = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";

    [Fact]
    public async Task A_service_spec_that_differs_from_the_embedded_one_is_followed_and_noted_once()
    {
        var embedded = (await SourceCatalog.Offline.GetConnectionSpecAsync(MixpanelId))!;
        var basic = embedded.FindAuthSpec("Basic Authentication")!;
        var schema = basic.Spec!.DeepClone().AsObject();
        schema["required"] = new JsonArray("username", "password"); // this service does not require host
        var served = embedded with { AuthSpecs = [basic with { Spec = schema }] };
        using var notes = new StringWriter();
        var catalog = new ComparingCatalog(new InMemoryConnectionSpecCatalog([served], SourceCatalog.Aliases), SourceCatalog.Offline, notes);

        var first = await catalog.GetConnectionSpecAsync(MixpanelId);
        var second = await catalog.GetConnectionSpecAsync(MixpanelId);

        Assert.Same(served, first);
        Assert.Same(served, second);
        var note = Assert.Single(notes.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"note: the service's connection spec {embedded.Name} ({MixpanelId}) differs from the embedded catalog", note, StringComparison.Ordinal);
        Assert.Contains("auth spec 'Basic Authentication' required params: service password, username; embedded host, password, username", note, StringComparison.Ordinal);
        Assert.Contains("plan and apply follow the service", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_pins_the_embedded_Mixpanel_spec_to_the_reference_and_says_which_catalog_it_used()
    {
        // ../shared/reference/flow-service-api.md §4.1 row 1: MixpanelId, "Basic Authentication", host, username,
        // password required; password secret.
        using var workspace = new CliWorkspace().WithSecret("pw", "pw-value");
        workspace.Write("infra/ok.yaml", $$"""
            connections:
              m:
                name: M
                connectionSpec: { id: {{MixpanelId}}, version: "1.0" }
                auth:
                  specName: Basic Authentication
                  params: { host: https://data.mixpanel.com, username: u, password: { secret: pw } }
            """);
        workspace.Write("infra/nohost.yaml", """
            connections:
              m:
                name: M
                source: mixpanel
                auth:
                  specName: Basic Authentication
                  params: { username: u, password: plain }
            """);

        var ok = await workspace.RunAsync("validate", "--file", "infra/ok.yaml");
        var bad = await workspace.RunAsync("validate", "--file", "infra/nohost.yaml");

        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Contains("embedded catalog", ok.Out, StringComparison.Ordinal);
        CliAssert.ExitsWith(bad, 1, "'host'", "connections.m.auth.params.password: 'password' is a secret");
    }
}
