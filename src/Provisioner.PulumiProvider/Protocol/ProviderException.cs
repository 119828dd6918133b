namespace Provisioner.PulumiProvider.Protocol;

/// <summary>
/// A failure the engine should see with a specific gRPC status. Messages are shown to the user verbatim, so they
/// say what went wrong and what to do, and never contain a secret.
/// </summary>
public class ProviderException(StatusCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public StatusCode Code { get; } = code;

    public static ProviderException InvalidArgument(string message) => new(StatusCode.InvalidArgument, message);
    public static ProviderException FailedPrecondition(string message) => new(StatusCode.FailedPrecondition, message);
}

/// <summary>
/// The resource exists (it was created, or it was updated) but a later step failed. Sent with an
/// <c>ErrorResourceInitFailed</c> detail so the engine records it in state instead of leaking it.
/// </summary>
public sealed class ResourceInitFailedException(
    StatusCode code, string message, string id, PropertyMap properties, PropertyMap? inputs, Exception? inner = null)
    : ProviderException(code, message, inner)
{
    public string Id { get; } = id;
    public PropertyMap Properties { get; } = properties;
    public PropertyMap? Inputs { get; } = inputs;
}

/// <summary>Missing required provider configuration, sent as a <c>ConfigureErrorMissingKeys</c> detail.</summary>
public sealed class MissingConfigurationException(IReadOnlyList<(string Name, string Description)> missing)
    : ProviderException(StatusCode.InvalidArgument,
        "missing required configuration: " + string.Join(", ", missing.Select(m => m.Name)))
{
    public IReadOnlyList<(string Name, string Description)> Missing { get; } = missing;
}
