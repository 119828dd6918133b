namespace Provisioner.Core.Definitions;

/// <summary>Where something sits in a definitions file: 1-based line and column, plus the dotted key path
/// (<c>connections.mixpanel.auth.params.password</c>) so a message points at both the text and the meaning.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column, string Path)
{
    public override string ToString() => $"{File}:{Line}:{Column} {Path}";
}
