namespace Provisioner.Emulator;

/// <summary>A <see cref="FaultRule.Path"/> pattern: literal segments, <c>*</c> for one segment, final <c>**</c> for the rest.</summary>
internal sealed class FaultPathPattern
{
    private readonly string[]? _segments;

    private FaultPathPattern(string[]? segments) => _segments = segments;

    public static FaultPathPattern Parse(string? pattern)
    {
        if (pattern is null) return new FaultPathPattern(null);
        if (!pattern.StartsWith('/')) throw new ArgumentException($"Fault path '{pattern}' must start with '/'.", nameof(pattern));
        var absolute = pattern.StartsWith("/data/", StringComparison.Ordinal) || pattern.StartsWith("/ims/", StringComparison.Ordinal);
        var full = absolute ? pattern : EmulatorPaths.FlowService + pattern;
        var segments = Split(full);
        if (Array.IndexOf(segments, "**") is var i && i >= 0 && i != segments.Length - 1)
        {
            throw new ArgumentException($"Fault path '{pattern}': '**' may only be the last segment.", nameof(pattern));
        }

        return new FaultPathPattern(segments);
    }

    public bool Matches(string path)
    {
        if (_segments is null) return path.StartsWith(EmulatorPaths.FlowService, StringComparison.Ordinal);
        var actual = Split(path);
        for (var i = 0; i < _segments.Length; i++)
        {
            if (_segments[i] == "**") return true;
            if (i >= actual.Length) return false;
            if (_segments[i] != "*" && !string.Equals(_segments[i], actual[i], StringComparison.Ordinal)) return false;
        }

        return actual.Length == _segments.Length;
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
