namespace Provisioner.Core.Definitions;

/// <summary>Thrown by convenience entry points when a definitions file has errors; carries every error at once.</summary>
public sealed class DefinitionsException : Exception
{
    public DefinitionsException(IReadOnlyList<DefinitionError> errors)
        : base(Describe(errors)) => Errors = errors;

    public IReadOnlyList<DefinitionError> Errors { get; }

    private static string Describe(IReadOnlyList<DefinitionError> errors) =>
        $"{errors.Count} error(s) in definitions:" + Environment.NewLine + string.Join(Environment.NewLine, errors);
}
