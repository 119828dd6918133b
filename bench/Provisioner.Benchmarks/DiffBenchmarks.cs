using Provisioner.Core.Reconciliation;
using Provisioner.FlowService;

namespace Provisioner.Benchmarks;

/// <summary>The "what changed" questions: ConnectionDiff (shared), the plugin's Diff, and a whole plan of recorded
/// connections (no service call is needed when every key is in state).</summary>
public class DiffBenchmarks
{
    private DesiredConnection _recorded = null!;
    private DesiredConnection _same = null!;
    private DesiredConnection _changed = null!;
    private PropertyMap _oldInputs = null!;
    private PropertyMap _newInputs = null!;
    private ConnectionReconciler _reconciler = null!;
    private DesiredConnectionSet _desired = null!;
    private RecordedState _state = null!;

    [Params(1000)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _recorded = Fixture.Desired("Mixpanel base connection");
        _same = Fixture.Desired("Mixpanel base connection");
        _changed = Fixture.Desired("Mixpanel base connection", username: "someone-else");
        _oldInputs = PropertyValueCodec.Decode(Fixture.InputsStruct());
        _newInputs = PropertyValueCodec.Decode(Fixture.InputsStruct(username: "someone-else"));

        _reconciler = new ConnectionReconciler(new NoServiceCalls(), new ReconcilerOptions());
        var entries = Enumerable.Range(0, Connections)
            .Select(i => new DesiredEntry($"key-{i:D4}", Fixture.Desired($"connection {i}", username: i % 10 == 0 ? "changed" : "demo-user"),
                new HashSet<string>(StringComparer.Ordinal) { "password" }))
            .ToArray();
        _desired = DesiredConnectionSet.From(entries);
        _state = RecordedState.From(entries.Select(e => KeyValuePair.Create(e.Key,
            new RecordedConnection($"id-{e.Key}", "\"etag\"", Fixture.Desired(e.Connection.Name), e.SecretParams))));
    }

    [Benchmark]
    public bool ConnectionDiffUnchanged() => ConnectionDiff.Compute(_recorded, _same).HasChanges;

    [Benchmark]
    public int ConnectionDiffOneParam() => ConnectionDiff.Compute(_recorded, _changed).Patch.Count;

    [Benchmark]
    public int PluginDiff() => BaseConnectionDiffer.Diff(_oldInputs, _newInputs, []).GetHashCode();

    /// <summary>Plan of N recorded connections, 10% of them changed.</summary>
    [Benchmark]
    public async Task<int> PlanRecorded() => (await _reconciler.PlanAsync(_desired, _state)).Changes.Count;

    /// <summary>A plan of recorded keys must not call the service; any call fails the benchmark loudly.</summary>
    private sealed class NoServiceCalls : IFlowServiceClient
    {
        public Task<ConnectionRef> CreateConnectionAsync(CreateConnectionRequest request, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<Connection?> GetConnectionAsync(string id, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<Connection>> FindConnectionsByNameAsync(string name, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyDictionary<string, IReadOnlyList<Connection>>> FindConnectionsByNamesAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default) => throw Unexpected();
        public IAsyncEnumerable<Connection> ListConnectionsAsync(ConnectionQuery? query = null, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<ConnectionRef> UpdateConnectionAsync(string id, string etag, IReadOnlyList<JsonPatchOperation> patch, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<bool> DeleteConnectionAsync(string id, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<ConnectionSpec?> GetConnectionSpecAsync(string id, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<IReadOnlyList<ExploreItem>> ExploreRootAsync(string connectionId, CancellationToken cancellationToken = default) => throw Unexpected();
        public Task<ConnectionTestResult> TestConnectionAsync(string connectionId, CancellationToken cancellationToken = default) => throw Unexpected();
        private static InvalidOperationException Unexpected() => new("a plan of recorded connections called the service");
    }
}
