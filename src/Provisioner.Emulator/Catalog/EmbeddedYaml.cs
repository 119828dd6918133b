namespace Provisioner.Emulator.Catalog;

/// <summary>Reads a YAML file embedded in the emulator assembly (the catalogs ship inside it).</summary>
internal static class EmbeddedYaml
{
    public static T Load<T>(string fileName, Func<TextReader, string, T> parse)
    {
        var resource = $"Provisioner.Emulator.{fileName}";
        using var stream = typeof(EmbeddedYaml).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from the emulator assembly.");
        using var reader = new StreamReader(stream);
        return parse(reader, fileName);
    }
}
