using System.Text.Json;

namespace Provisioner.Cli.Output;

/// <summary>How every <c>--json</c> output is written: indented, and with names and paths as typed (no <c>\u0027</c>
/// escapes for quotes in names or etags).</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Indented { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
