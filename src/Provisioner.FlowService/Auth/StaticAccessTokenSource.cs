namespace Provisioner.FlowService.Auth;

/// <summary>A ready token from <see cref="FlowServiceOptions.AccessToken"/>; used as-is until the service rejects it.</summary>
internal sealed class StaticAccessTokenSource(string token) : IAccessTokenSource
{
    public bool CanRefresh => false;

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);

    public void Invalidate(string rejectedToken)
    {
    }
}
