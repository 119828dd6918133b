namespace Provisioner.Core.Tests;

/// <summary>A catalog whose every spec read fails with <paramref name="error"/>: for what a host's checks do when the
/// service cannot be asked.</summary>
internal sealed class FailingCatalog(FlowServiceException error) : IConnectionSpecCatalog
{
    public IReadOnlyCollection<string> SourceAliases => [];
    public string? ResolveSourceAlias(string alias) => null;
    public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default) => throw error;
}
