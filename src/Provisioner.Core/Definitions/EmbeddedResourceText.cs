namespace Provisioner.Core.Definitions;

/// <summary>The text of a catalog file Core embeds by link from the emulator (connection specs, flow specs).</summary>
internal static class EmbeddedResourceText
{
    public static string Read(string logicalName)
    {
        // Stryker disable once String : the resource is linked at build time; without it every catalog test fails before this message matters
        using var stream = typeof(EmbeddedResourceText).Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"embedded resource '{logicalName}' is missing from Provisioner.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
