using Pulumirpc;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>Turns whatever a handler threw into the RpcException the engine understands (reference §7.5).</summary>
public static class ErrorTranslation
{
    public static RpcException ToRpc(Exception error, string rpc, ILogger logger)
    {
        switch (error)
        {
            case RpcException rpcError:
                return rpcError;
            case ResourceInitFailedException partial:
                Log.PartialFailure(logger, rpc, partial.Id, partial.Message);
                if (partial.Code == StatusCode.Internal && partial.InnerException is { } bug)
                {
                    Log.Unexpected(logger, rpc, bug.GetType().FullName, bug.StackTrace);
                }
                var detail = new ErrorResourceInitFailed { Id = partial.Id, Properties = PropertyValueCodec.Encode(partial.Properties) };
                detail.Reasons.Add(partial.Message);
                if (partial.Inputs is not null)
                {
                    detail.Inputs = PropertyValueCodec.Encode(partial.Inputs);
                }
                return StatusDetails.Exception(partial.Code, partial.Message, detail);
            case MissingConfigurationException missing:
                var keys = new ConfigureErrorMissingKeys();
                keys.MissingKeys.AddRange(missing.Missing.Select(m => new ConfigureErrorMissingKeys.Types.MissingKey { Name = m.Name, Description = m.Description }));
                return StatusDetails.Exception(missing.Code, missing.Message, keys);
            case ProviderException known:
                Log.RpcFailed(logger, rpc, known.Code, known.Message);
                return new RpcException(new Status(known.Code, known.Message));
            case OperationCanceledException:
                return new RpcException(new Status(StatusCode.Cancelled, $"{rpc} was cancelled"));
            default:
                // A bug: say so without leaking details that might carry data (nor .NET type names: they mean nothing
                // to a user); the type and stack go to the plugin's log on stderr.
                Log.Unexpected(logger, rpc, error.GetType().FullName, error.StackTrace);
                return new RpcException(new Status(StatusCode.Internal, $"{rpc} failed with an internal error in pulumi-resource-aep (its log has the details)"));
        }
    }
}
