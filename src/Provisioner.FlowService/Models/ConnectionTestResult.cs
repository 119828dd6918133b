namespace Provisioner.FlowService.Models;

/// <summary>What testing a base connection showed.</summary>
public enum ConnectionTestOutcome
{
    /// <summary>The service connected with the connection's credentials (<c>{"result": true}</c>).</summary>
    Passed,
    /// <summary>The service could not connect: <c>{"result": false}</c>, or a 400 whose body gives the reason.</summary>
    Rejected,
    /// <summary>No connection has this id (deleted, or another sandbox).</summary>
    NotFound,
}

/// <summary>The outcome of <c>GET /connections/{id}/test</c>, with the service's reason when it gave one. One place
/// words it (<see cref="Describe"/>) so the CLI and the plugin report a test the same way.</summary>
public sealed record ConnectionTestResult(string ConnectionId, ConnectionTestOutcome Outcome, string? Reason = null)
{
    /// <summary>The reason used when the service answers <c>result: false</c> without saying why (the OAS gives no field for it).</summary>
    public const string RejectedWithoutReason = "the service could not connect with this connection's credentials (test result: false)";

    public bool Passed => Outcome == ConnectionTestOutcome.Passed;

    /// <summary><c>ok</c>, <c>failed: REASON</c> or <c>failed: not found …</c> — one line, no secrets (the reason comes
    /// from an error body the client already scrubbed).</summary>
    public string Describe() => Outcome switch
    {
        ConnectionTestOutcome.Passed => "ok",
        ConnectionTestOutcome.NotFound => $"failed: not found: no connection with id {ConnectionId} (deleted outside this tool?)",
        _ => "failed: " + (Reason ?? RejectedWithoutReason),
    };
}

/// <summary>Body of <c>GET /connections/{id}/test</c> (OAS <c>TestConnectionResponse</c>).</summary>
internal sealed record TestConnectionResponse([property: JsonPropertyName("result")] bool? Result);
