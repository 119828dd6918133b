using Grpc.Net.Client;
using Pulumirpc;

namespace Provisioner.PulumiProvider.Hosting;

/// <summary>
/// Messages for the person running <c>pulumi</c>, sent through the engine's <c>Log</c> RPC (and always to stderr).
/// The address arrives on the command line, or later by Handshake/Attach. An engine that cannot be reached only
/// costs the first attempt: after that, messages go to stderr alone. Callers never pass secrets.
/// </summary>
public sealed class EngineLog(ILogger<EngineLog> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private string? _address;
    private GrpcChannel? _channel;
    private bool _unreachable;

    public string? Address
    {
        get { lock (_gate) { return _address; } }
    }

    /// <summary>Sets the engine address unless one is already known (argv wins over Handshake).</summary>
    public void UseAddress(string? address, bool replace = false)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return;
        }
        lock (_gate)
        {
            if (_address is not null && !replace)
            {
                return;
            }
            _address = address;
            _channel?.Dispose();
            _channel = null;
            _unreachable = false;
        }
    }

    public Task InfoAsync(string message, string? urn = null) => LogAsync(LogSeverity.Info, message, urn);
    public Task WarningAsync(string message, string? urn = null) => LogAsync(LogSeverity.Warning, message, urn);

    public async Task LogAsync(LogSeverity severity, string message, string? urn = null)
    {
        Log.EngineMessage(logger, urn ?? "provider", message);
        var client = Client();
        if (client is null)
        {
            return;
        }
        try
        {
            await client.LogAsync(new LogRequest { Severity = severity, Message = message, Urn = urn ?? "" },
                deadline: DateTime.UtcNow.AddSeconds(10));
        }
        catch (RpcException error)
        {
            Log.EngineUnreachable(logger, error.StatusCode);
            lock (_gate)
            {
                _unreachable = true;
            }
        }
    }

    private Pulumirpc.Engine.EngineClient? Client()
    {
        lock (_gate)
        {
            if (_address is null || _unreachable)
            {
                return null;
            }
            _channel ??= GrpcChannel.ForAddress(_address.Contains("://", StringComparison.Ordinal) ? _address : "http://" + _address);
            return new Pulumirpc.Engine.EngineClient(_channel);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _channel?.Dispose();
        }
    }
}
