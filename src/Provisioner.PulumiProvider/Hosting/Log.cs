namespace Provisioner.PulumiProvider.Hosting;

/// <summary>Every stderr log line of the plugin, source-generated (cheap when disabled, no reflection).
/// None of them takes a secret: only ids, names, status codes and messages that are secret-free by contract.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "configured: {Config}, preview={Preview}")]
    public static partial void Configured(ILogger logger, Configuration.ProviderConfig config, bool preview);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Urn}: {Message}")]
    public static partial void EngineMessage(ILogger logger, string urn, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "engine Log failed ({Status}); further messages go to stderr only")]
    public static partial void EngineUnreachable(ILogger logger, StatusCode status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Rpc}: partial failure for {Id}: {Message}")]
    public static partial void PartialFailure(ILogger logger, string rpc, string id, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Rpc} failed ({Code}): {Message}")]
    public static partial void RpcFailed(ILogger logger, string rpc, StatusCode code, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Rpc}: unexpected {Type} at {Stack}")]
    public static partial void Unexpected(ILogger logger, string rpc, string? type, string? stack);

    [LoggerMessage(Level = LogLevel.Information, Message = "created connection {Id} for {Urn}")]
    public static partial void Created(ILogger logger, string id, string urn);

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted connection {Id} (or it was gone already)")]
    public static partial void Deleted(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "connection spec {SpecId} could not be fetched ({Status} {Code}); skipping spec checks")]
    public static partial void SpecUnavailable(ILogger logger, string specId, System.Net.HttpStatusCode? status, string? code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel: aborting in-flight work")]
    public static partial void Cancelling(ILogger logger);
}
