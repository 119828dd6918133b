using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Provisioner.Emulator.Catalog;

/// <summary>What both catalog readers share: the YAML files ship inside the emulator assembly, are read with camelCase
/// keys, and a malformed file or a missing field is a <see cref="CatalogException"/> that says where.</summary>
internal static class CatalogYaml
{
    public static T ReadEmbedded<T>(string fileName, Func<TextReader, string, T> parse)
    {
        var resource = $"Provisioner.Emulator.{fileName}";
        using var stream = typeof(CatalogYaml).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from the emulator assembly.");
        using var reader = new StreamReader(stream);
        return parse(reader, fileName);
    }

    /// <summary>The file as <typeparamref name="TShape"/> (an empty file is an empty shape).</summary>
    /// <exception cref="CatalogException">The YAML is malformed or does not fit the shape.</exception>
    public static TShape Deserialize<TShape>(TextReader yaml, string sourceName) where TShape : class, new()
    {
        try
        {
            return new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<TShape?>(yaml) ?? new TShape();
        }
        catch (YamlException ex)
        {
            throw new CatalogException($"{sourceName}: {ex.Start}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }

    public static string Required(string? value, string field, string where) =>
        string.IsNullOrWhiteSpace(value) ? throw new CatalogException($"{where}: '{field}' is missing.") : value;

    /// <summary>The YAML shape of what every spec entry of both files may say of itself (see <see cref="ICatalogSpec"/>);
    /// each file's entry adds its own fields.</summary>
    public class SpecEntry
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? ProviderId { get; set; }
        public string? Version { get; set; }
    }
}
