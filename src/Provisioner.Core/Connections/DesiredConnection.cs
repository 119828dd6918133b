using System.Text.Json.Nodes;
using Provisioner.FlowService.Models;

namespace Provisioner.Core.Connections;

/// <summary>
/// What a user wants one base connection to be, independent of where the wish came from (a Pulumi
/// BaseConnection resource, one entry of a definitions file). <see cref="Params"/> holds resolved
/// credentials: treat it as secret.
/// </summary>
public sealed record DesiredConnection(
    string Name,
    string? Description,
    ConnectionSpecRef ConnectionSpec,
    string AuthSpecName,
    JsonObject Params)
{
    public CreateConnectionRequest ToCreateRequest() =>
        new(Name, Description, ConnectionSpec, new ConnectionAuth(AuthSpecName, (JsonObject)Params.DeepClone()));
}
