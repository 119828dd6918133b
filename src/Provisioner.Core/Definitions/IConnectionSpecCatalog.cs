namespace Provisioner.Core.Definitions;

/// <summary>
/// Where validation gets connection specs and source aliases from: the emulator's embedded catalog for an offline
/// <c>validate</c>, or the live service (<see cref="FlowServiceConnectionSpecCatalog"/>). Hosts pick; the
/// resolver does not care.
/// </summary>
public interface IConnectionSpecCatalog
{
    /// <summary>Known source aliases (<c>mixpanel</c>, <c>amazon-s3</c>, …), for "did you mean" messages.</summary>
    IReadOnlyCollection<string> SourceAliases { get; }

    /// <summary>The connection spec id an alias stands for, or <c>null</c> when the alias is unknown.</summary>
    string? ResolveSourceAlias(string alias);

    /// <summary>The spec, or <c>null</c> when no spec has this id.</summary>
    Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default);
}
