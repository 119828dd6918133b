using Provisioner.Core.Pipeline;

namespace Provisioner.Cli.Output;

/// <summary>One object's decision as the plan printers show it, whatever its kind: base connections
/// (<see cref="PlannedChange"/>) and pipeline objects (<see cref="PipelineChange"/>) in one vocabulary.
/// <see cref="Wave"/> is the index of the first wave with a step for it (<see cref="int.MaxValue"/>: none).</summary>
internal sealed record PlanRow(ObjectRef Ref, ConnectionAction Action, IReadOnlyList<string> ChangedPaths, int Wave)
{
    /// <summary>The service id the change acts on (recorded or adopted); null for a create.</summary>
    public string? Id { get; init; }

    /// <summary>The declared name (creates only: the one thing that says what a new object will be).</summary>
    public string? Name { get; init; }

    /// <summary>Why a replacement happens (<c>replaced because connections.mixpanel is replaced</c>); null when only
    /// its changed paths say it.</summary>
    public string? Reason { get; init; }

    /// <summary>A dataflow's enable/disable step after its write.</summary>
    public FlowStateAction? StateAction { get; init; }

    /// <summary>Why no decision was possible: printed as an error.</summary>
    public string? Error { get; init; }

    /// <summary>Plain for a base connection (<c>mixpanel</c>, as state, outputs and errors name it), the key path for
    /// the others (<c>dataflows.events</c>, as Core's messages and progress lines name them).</summary>
    public string Key => Label ?? (Ref.Kind is null ? Ref.Key : Ref.ToString());

    /// <summary>What stands for the key when the row is not a key's own: <c>old connections.mixpanel (replaced)</c>
    /// for the old half of an earlier replacement.</summary>
    public string? Label { get; init; }

    /// <summary>The definitions file's section: <c>connections</c>, <c>sourceConnections</c>, …</summary>
    public string Section => Ref.Kind is { } kind ? PipelineKindInfo.Of(kind).Section : PlanView.ConnectionsSection;

    public bool IsChange => Action != ConnectionAction.NoOp || StateAction is not null;

    public bool IsShown => IsChange || Error is not null;
}

/// <summary>
/// A plan laid out for people and scripts: the connection plan and the pipeline plan of one run as rows, grouped by
/// kind in the order the waves run them (a teardown starts with dataflows, a build with connections), and the counts
/// of the summary. Presentation only: every decision — including a base connection's delete that the graph refuses
/// because a declared object still uses it — is Core's; this only puts the two plans side by side.
/// </summary>
internal sealed class PlanView
{
    public const string ConnectionsSection = "connections";

    private PlanView(IReadOnlyList<PlanRow> rows, IReadOnlyList<PipelineWave> waves, bool hasPipeline)
    {
        Rows = rows;
        Waves = waves;
        HasPipeline = hasPipeline;
    }

    /// <summary>Every object of the plan (unchanged ones too), in display order.</summary>
    public IReadOnlyList<PlanRow> Rows { get; }

    public IReadOnlyList<PipelineWave> Waves { get; }

    /// <summary>The definitions or the state hold source connections, target connections or dataflows: lines are
    /// grouped by kind and the summary counts enable/disable steps. Without, the plan reads exactly as it always did.</summary>
    public bool HasPipeline { get; }

    public IEnumerable<PlanRow> Shown => Rows.Where(r => r.IsShown);

    public IEnumerable<PlanRow> Errors => Rows.Where(r => r.Error is not null);

    public bool HasChanges => Rows.Any(r => r.IsChange && r.Error is null);

    public int Count(ConnectionAction action) => Rows.Count(r => r.Action == action && r.Error is null);

    public int Count(FlowStateAction action) => Rows.Count(r => r.StateAction == action && r.Error is null);

    /// <summary>The section names in the dependency order of their kinds.</summary>
    public static IReadOnlyList<string> Sections => SectionOrder;

    private static readonly string[] SectionOrder = [ConnectionsSection, .. PipelineKindInfo.All.Select(k => k.Section)];

    public static PlanView Of(ReconcilePlan plan, PipelinePlan pipeline)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(pipeline);
        var firstWave = new Dictionary<ObjectRef, int>();
        for (var i = 0; i < pipeline.Waves.Count; i++)
        {
            foreach (var step in pipeline.Waves[i].Steps)
            {
                firstWave.TryAdd(step.Ref, i);
            }
        }
        int WaveOf(ObjectRef at) => firstWave.GetValueOrDefault(at, int.MaxValue);

        // The graph's own word on a base connection (a refused delete) stands in for the connection plan's.
        var pipelineRows = pipeline.Changes.Select(c => Row(c, WaveOf(c.Ref))).ToArray();
        var overridden = pipelineRows.Where(r => r.Ref.Kind is null).Select(r => r.Ref).ToHashSet();
        var connectionRows = plan.Changes.Select(c => Row(c, WaveOf(ObjectRef.BaseConnection(c.Key)))).Where(r => !overridden.Contains(r.Ref));
        var rows = connectionRows.Concat(pipelineRows).ToArray();

        var hasPipeline = rows.Any(r => r.Ref.Kind is not null);
        return new PlanView(hasPipeline ? InWaveOrder(rows) : rows, pipeline.Waves, hasPipeline);
    }

    /// <summary>Groups by section, a section placed by the first wave any of its objects runs in (sections with no
    /// step — only unchanged or refused objects — last, in dependency order); inside a section by wave, then key.</summary>
    private static PlanRow[] InWaveOrder(IEnumerable<PlanRow> rows) =>
        rows.GroupBy(r => r.Section)
            .OrderBy(g => g.Min(r => r.Wave))
            .ThenBy(g => Array.IndexOf(SectionOrder, g.Key))
            .SelectMany(g => g.OrderBy(r => r.Wave).ThenBy(r => r.Key, StringComparer.Ordinal))
            .ToArray();

    private static PlanRow Row(PlannedChange change, int wave) => new(ObjectRef.BaseConnection(change.Key), change.Action, change.ChangedPaths, wave)
    {
        Id = change.ExistingId,
        Name = change is PlannedChange.Create create ? create.Desired.Connection.Name : null,
        Error = change.Error,
    };

    private static PlanRow Row(PipelineChange change, int wave) => new(change.Ref, change.Action, change.ChangedPaths, wave)
    {
        Id = change.ExistingId,
        Label = change is PipelineChange.DeleteSuperseded superseded ? $"old {superseded.Old.Of} (replaced)" : null,
        Name = change is PipelineChange.Create create ? create.Desired.Name : null,
        Reason = change is PipelineChange.Replace replaced ? replaced.Reason : null,
        StateAction = change.StateAction,
        Error = change.Error,
    };
}
