namespace Provisioner.PulumiProvider.Resources;

/// <summary>Property names of <c>aep:flowservice:BaseConnection</c> (the schema's names).</summary>
public static class BaseConnectionProperties
{
    public const string Type = "aep:flowservice:BaseConnection";

    public const string Name = "name";
    public const string Description = "description";
    public const string ConnectionSpec = "connectionSpec";
    public const string SpecId = "id";
    public const string SpecVersion = "version";
    public const string Auth = "auth";
    public const string AuthSpecName = "specName";
    public const string AuthParams = "params";
    /// <summary>Same name and meaning as the set's option.</summary>
    public const string TestAfterApply = ConnectionSet.ConnectionSetProperties.TestAfterApply;

    public const string Etag = "etag";
    public const string State = "state";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";
    public const string SandboxName = "sandboxName";
    public const string ImsOrgId = "imsOrgId";

    public const string DefaultSpecVersion = Provisioner.FlowService.Models.ConnectionSpecRef.DefaultVersion;

    public static readonly IReadOnlyList<string> Inputs = [Name, Description, ConnectionSpec, Auth, TestAfterApply];
    public static readonly IReadOnlyList<string> ServerOutputs = [Etag, State, CreatedAt, UpdatedAt, SandboxName, ImsOrgId];
}
