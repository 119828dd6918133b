using System.Text.RegularExpressions;

namespace Provisioner.Cli.Output;

/// <summary>Keeps .NET's wording out of what a user reads: an argument exception's " (Parameter 'x')" names a
/// parameter of our code, not anything the user wrote.</summary>
internal static partial class UserMessage
{
    public static string Clean(string message) => ParameterSuffix().Replace(message, "");

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterSuffix();
}
