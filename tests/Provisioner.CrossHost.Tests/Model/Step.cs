namespace Provisioner.CrossHost.Tests.Model;

/// <summary>Which edits a run may generate.</summary>
[Flags]
public enum EditFamilies
{
    /// <summary>Add, remove, rename, change description, string params and secrets.</summary>
    Basic = 1,
    /// <summary>Integer and boolean params of specs that declare them (SFTP <c>port</c>, Salesforce <c>includeDeletedObjects</c>).</summary>
    Typed = 2,
    /// <summary>Change of connection spec or auth type (the connection is replaced).</summary>
    Replace = 4,
    /// <summary>A connection edited or deleted on the service behind the hosts' back, then a refresh.</summary>
    OutOfBand = 8,
    /// <summary>One transient 429 or 503 on some request of the apply.</summary>
    Faults = 16,
    /// <summary>An optional string param removed on the service behind the hosts' back, then a refresh.</summary>
    OutOfBandParamRemoval = 32,
    All = Basic | Typed | Replace | OutOfBand | Faults | OutOfBandParamRemoval,
    /// <summary>A pipeline (source connection, target connection, dataflow) on one connection: added, edited in
    /// place (descriptions, params, schedule, enabled), replaced with its base connection, its dataflow deleted out
    /// of band, removed. Not in <see cref="All"/>: its own facts run it, so the connection-only seeds stay as they were.</summary>
    Pipeline = 64,
}

/// <summary>A change made on the service behind the hosts' back: delete the connection, or set its description
/// (<see cref="Param"/> null) or one string param to <see cref="Text"/>, or remove that param (<see cref="Text"/> null).</summary>
public sealed record OutOfBandChange(string Key, bool Delete, string? Param, string? Text)
{
    /// <summary>The key of an out-of-band delete of the pipeline's dataflow (not a connection key).</summary>
    public const string PipelineFlow = "dataflows." + ModelPipeline.FlowKey;

    public override string ToString() =>
        Delete ? $"out of band: delete {Key}"
        : Text is null ? $"out of band: {Key}.{Param} removed"
        : $"out of band: {Key}.{Param ?? "description"} = '{Text}'";
}

/// <summary>The next matching request of the apply is answered <see cref="Status"/> before the service sees it.</summary>
public sealed record TransientFault(int Status, string Method, string Path)
{
    public override string ToString() => $"fault: next {Method} {Path} answers {Status}";
}

/// <summary>One step of a run: the desired set after it, and what happens around the apply.</summary>
/// <param name="Refresh">Refresh before the preview (<c>pulumi up --refresh</c>, <c>aep-provision refresh</c>).</param>
/// <param name="Exercised">The families this step exercises (typed params count while any connection holds one).</param>
public sealed record Step(int Number, string Edit, DesiredSet Desired, OutOfBandChange? OutOfBand, TransientFault? Fault, bool Refresh, EditFamilies Exercised)
{
    public override string ToString() =>
        $"{Number}. {Edit}{(OutOfBand is null ? "" : $"; {OutOfBand}")}{(Refresh ? "; refresh" : "")}{(Fault is null ? "" : $"; {Fault}")}\n     desired: {Desired}";
}
