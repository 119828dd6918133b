namespace Provisioner.PulumiProvider.Hosting;

/// <summary>
/// One root token for all in-flight work: the engine's Cancel RPC and process shutdown (SIGINT/SIGTERM) trip it,
/// and every handler links its call token to it. Cancel is final, as the engine sends it only when it is done with
/// the plugin.
/// </summary>
public sealed class ProviderCancellation : IDisposable
{
    private readonly CancellationTokenSource _root = new();

    public CancellationToken Token => _root.Token;

    public void Cancel()
    {
        try
        {
            _root.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // shutting down already
        }
    }

    public CancellationTokenSource Link(CancellationToken callToken) =>
        CancellationTokenSource.CreateLinkedTokenSource(_root.Token, callToken);

    public void Dispose() => _root.Dispose();
}
