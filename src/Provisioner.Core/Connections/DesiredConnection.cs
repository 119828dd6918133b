namespace Provisioner.Core.Connections;

/// <summary>
/// What a user wants one base connection to be, independent of where the wish came from (a Pulumi
/// BaseConnection resource, one entry of a definitions file). <see cref="Params"/> holds resolved
/// credentials: treat it as secret. <see cref="AuthSpecName"/> is <c>null</c> for a spec that takes no auth (Data
/// Landing Zone): the connection then has no <c>auth</c> at all.
/// </summary>
public sealed record DesiredConnection(
    string Name,
    string? Description,
    ConnectionSpecRef ConnectionSpec,
    string? AuthSpecName,
    JsonObject Params)
{
    /// <summary>Source or destination, as the connection spec says; reported in outputs, never sent (the spec id
    /// decides it on the service).</summary>
    public ConnectionKind Kind { get; init; } = ConnectionKind.Source;

    public CreateConnectionRequest ToCreateRequest() =>
        new(Name, Description, ConnectionSpec, AuthSpecName is null ? null : new ConnectionAuth(AuthSpecName, (JsonObject)Params.DeepClone()));
}
