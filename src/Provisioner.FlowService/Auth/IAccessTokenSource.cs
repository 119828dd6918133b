namespace Provisioner.FlowService.Auth;

/// <summary>Supplies the bearer token for Flow Service calls.</summary>
internal interface IAccessTokenSource
{
    /// <summary>False for a token given by the user: nothing can be renewed, so a 401 is final.</summary>
    bool CanRefresh { get; }

    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Forget <paramref name="rejectedToken"/> after the service answered 401 with it. A token that was
    /// already replaced (another caller refreshed first) is left alone, so concurrent 401s cause one refresh.</summary>
    void Invalidate(string rejectedToken);
}
