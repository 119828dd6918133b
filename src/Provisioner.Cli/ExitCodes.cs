namespace Provisioner.Cli;

/// <summary>Exit codes, as terraform's <c>plan -detailed-exitcode</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    /// <summary><c>plan</c> only: there are changes to apply.</summary>
    public const int Changes = 2;
}
