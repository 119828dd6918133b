using System.Globalization;
using System.Text.RegularExpressions;

namespace Provisioner.Cli.Settings;

/// <summary>Durations as options take them: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>, or a bare number of seconds.</summary>
internal static partial class Duration
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["value"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new CliException($"{option} '{text}' is not a duration (e.g. 500ms, 10s, 2m, 1h)");
        }
        return match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)(?<unit>ms|s|m|h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
