using System.Net;
using Provisioner.FlowService;

namespace Provisioner.Cli.Output;

/// <summary>One message for refused credentials, naming the setting to check — printed once, because every other
/// request of the run would fail the same way (FlowService decides what counts as an authentication failure).</summary>
internal static class CredentialAdvice
{
    public static string Describe(FlowServiceException failure, CliEnvironment env)
    {
        var check = failure switch
        {
            { IsImsFailure: true } =>
                "IMS refused the client credentials: check AEP_CLIENT_SECRET and the client id (AEP_CLIENT_ID or aep:clientId).",
            { StatusCode: HttpStatusCode.Forbidden } =>
                "the credential is valid but not allowed here: check that its product profile grants Flow Service access in the org "
                + "(AEP_ORG_ID or aep:orgId) and sandbox (AEP_SANDBOX_NAME or aep:sandboxName).",
            _ when env.GetVariable("AEP_ACCESS_TOKEN") is { Length: > 0 } =>
                "the service refused the access token: check AEP_ACCESS_TOKEN (expired, or issued for another client id or org).",
            _ => "the service refused the token: check the client id (AEP_CLIENT_ID or aep:clientId) and org (AEP_ORG_ID or aep:orgId).",
        };
        return $"authentication failed — {check} Nothing was changed by the failing request. ({failure.Message})";
    }
}
