namespace Provisioner.Core.Definitions;

/// <summary>One problem in a definitions file. Messages never quote a param value (it may be a secret).</summary>
public sealed record DefinitionError(SourceLocation Location, string Message)
{
    /// <summary><c>infra/connections.yaml:12:7 connections.mixpanel.auth.params.password: message</c>.</summary>
    public override string ToString() =>
        Location.Path.Length == 0
            ? $"{Location.File}:{Location.Line}:{Location.Column}: {Message}"
            : $"{Location.File}:{Location.Line}:{Location.Column} {Location.Path}: {Message}";
}
