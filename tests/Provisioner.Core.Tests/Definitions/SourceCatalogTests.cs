using Provisioner.Emulator.Catalog;

namespace Provisioner.Core.Tests.Definitions;

public sealed class SourceCatalogTests
{
    [Fact]
    public void The_embedded_alias_table_is_the_emulators_catalog_and_is_parsed_once()
    {
        var emulator = ConnectionSpecCatalog.LoadEmbedded().Sources.ToDictionary(s => s.Alias, s => s.Id, StringComparer.Ordinal);

        Assert.Equal(emulator.OrderBy(p => p.Key, StringComparer.Ordinal), SourceCatalog.Aliases.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("fd2c8ff3-1de0-4f6b-8fa8-4264784870eb", SourceCatalog.Aliases["mixpanel"]);
        Assert.Same(SourceCatalog.Aliases, SourceCatalog.Aliases);
    }

    [Fact]
    public async Task The_embedded_specs_are_what_the_emulator_serves_so_offline_validation_sees_a_GET()
    {
        var sources = ConnectionSpecCatalog.LoadEmbedded().Sources;

        Assert.Equal(sources.Count, SourceCatalog.Offline.SourceAliases.Count);
        foreach (var source in sources)
        {
            var spec = await SourceCatalog.Offline.GetConnectionSpecAsync(source.Id);
            Assert.NotNull(spec);
            Assert.Equal(source.Version, spec.Version);
            Assert.Equal(source.AuthSpecs.Select(a => a.Name), spec.AuthSpecs.Select(a => a.Name));
            foreach (var auth in source.AuthSpecs)
            {
                var served = auth.ToJsonSchema();
                served.Remove("description"); // prose only
                Assert.True(JsonNode.DeepEquals(served, spec.FindAuthSpec(auth.Name)!.Spec), $"{source.Alias} / {auth.Name}");
            }
        }
    }

    [Fact]
    public void Only_complete_source_entries_count_and_a_file_without_sources_has_none()
    {
        var table = SourceCatalog.ReadAliases(new StringReader("""
            defaults: { version: "1.0" }
            sources:
              - { alias: a, id: id-a, name: ignored }
              - { alias: no-id }
              - { id: no-alias }
            """));

        Assert.Equal([new KeyValuePair<string, string>("a", "id-a")], table);
        Assert.Empty(SourceCatalog.ReadAliases(new StringReader("other: 1")));
    }
}
