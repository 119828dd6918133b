namespace Provisioner.PulumiProvider.Protocol;

/// <summary>A user mistake in inputs or config: <paramref name="Property"/> is a property path ("" = the whole
/// resource), <paramref name="Reason"/> says what is wrong and what would be right. Never contains a value that
/// could be secret.</summary>
public sealed record CheckFailure(string Property, string Reason);
