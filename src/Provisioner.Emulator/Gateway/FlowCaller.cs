using System.Security.Cryptography;
using System.Text;
using Provisioner.Emulator.Ims;

namespace Provisioner.Emulator.Gateway;

/// <summary>Who is calling and where: established by <see cref="GatewayMiddleware"/>, read by the endpoints.
/// Every connection read or write is scoped by <see cref="OrgId"/> + <see cref="SandboxName"/>.</summary>
internal sealed record FlowCaller(TokenPrincipal Principal, string OrgId, string SandboxName)
{
    private const string ItemKey = "emulator.caller";

    /// <summary>A stable id per org + sandbox (the same after a restart), like the service's sandboxId GUIDs.</summary>
    public string SandboxId => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{OrgId}/{SandboxName}")).AsSpan(0, 16)).ToString();

    public static FlowCaller Of(HttpContext context) =>
        context.Items[ItemKey] as FlowCaller ?? throw new InvalidOperationException("Gateway middleware did not run for this request.");

    /// <summary>The last writer of <paramref name="entity"/>, in its org and sandbox: who the service names on what it
    /// makes by itself for that entity (a flow's runs).</summary>
    public static FlowCaller LastWriterOf(StoredEntity entity) =>
        new(new TokenPrincipal(entity.UpdatedClient, entity.UpdatedBy), entity.ImsOrgId, entity.SandboxName);

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}
