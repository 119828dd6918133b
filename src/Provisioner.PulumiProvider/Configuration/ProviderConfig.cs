namespace Provisioner.PulumiProvider.Configuration;

/// <summary>The resolved provider configuration: where the Flow Service is and who calls it. Holds secrets:
/// <see cref="ToString"/> never prints them.</summary>
public sealed record ProviderConfig(
    Uri Endpoint,
    Uri ImsEndpoint,
    string ClientId,
    string? ClientSecret,
    string OrgId,
    string SandboxName,
    string? AccessToken)
{
    public FlowServiceOptions ToFlowServiceOptions() => new()
    {
        Endpoint = Endpoint,
        ImsEndpoint = ImsEndpoint,
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        OrgId = OrgId,
        SandboxName = SandboxName,
        AccessToken = AccessToken,
    };

    public override string ToString() => $"endpoint={Endpoint}, org={OrgId}, sandbox={SandboxName}";
}
