namespace Provisioner.Emulator;

/// <summary>Paths the emulator serves, relative to its gateway root (<see cref="EmulatorHost.BaseAddress"/>).</summary>
public static class EmulatorPaths
{
    /// <summary>The Flow Service base path, as on platform.adobe.io.</summary>
    public const string FlowService = "/data/foundation/flowservice";
    public const string Connections = FlowService + "/connections";
    public const string ConnectionSpecs = FlowService + "/connectionSpecs";
    public const string SourceConnections = FlowService + "/sourceConnections";
    public const string TargetConnections = FlowService + "/targetConnections";
    public const string Flows = FlowService + "/flows";
    public const string FlowSpecs = FlowService + "/flowSpecs";
    public const string Runs = FlowService + "/runs";
    /// <summary>The IMS OAuth server-to-server token endpoint.</summary>
    public const string ImsToken = "/ims/token/v3";
    /// <summary>Admin endpoints for tests in other processes (journal, faults, reset). Not part of Adobe's API.</summary>
    public const string Admin = "/_emulator";
}
