using Provisioner.Testing;
using static Provisioner.Testing.Plugin.Values;

namespace Provisioner.Testing.Plugin;

/// <summary>Plays the engine for one <c>aep:flowservice:BaseConnectionSet</c>, keeping its state (id, inputs,
/// outputs) between steps the way the engine records it.</summary>
public sealed class SetDriver(ResourceProvider.ResourceProviderClient client)
{
    public const string Type = "aep:flowservice:BaseConnectionSet";
    public const string Urn = "urn:pulumi:local::aep-connections::aep:flowservice:BaseConnectionSet::connections";

    public string Id { get; private set; } = "";
    public Struct Inputs { get; private set; } = new();
    public Struct Outputs { get; private set; } = new();

    /// <summary>The example file of the repo as it is: three base connections and the Mixpanel → dataset pipeline.</summary>
    public static string ExampleFile => File.ReadAllText(RepoRoot.Combine("infra", "connections.yaml"));

    /// <summary>The example file's base connections alone (everything before its pipeline sections), the definitions
    /// the connection tests start from: they append connections to it, so <c>connections:</c> must come last.</summary>
    public static string ExampleDefinitions => ExampleFile[..PipelineStart(ExampleFile)];

    private static int PipelineStart(string file) =>
        file.IndexOf("\nsourceConnections:", StringComparison.Ordinal) is var at and >= 0 ? at + 1 : file.Length;

    public static Struct News(string definitions, IReadOnlyDictionary<string, string> secrets, bool? retainOnRemove = null)
    {
        var news = Values.Struct(
            ("definitions", S(definitions)),
            // Pulumi YAML wraps the whole map: the schema marks `secrets` secret.
            ("secrets", Secret(Value.ForStruct(Values.Struct(secrets.Select(s => (s.Key, S(s.Value))).ToArray())))));
        if (retainOnRemove is { } retain)
        {
            news.Fields["retainOnRemove"] = Value.ForBool(retain);
        }
        return news;
    }

    public Task<CheckResponse> CheckAsync(Struct news) =>
        client.CheckAsync(new CheckRequest { Urn = Urn, Olds = Inputs, News = news, Name = "connections", Type = Type }).ResponseAsync;

    public Task<DiffResponse> DiffAsync(Struct checkedNews) =>
        client.DiffAsync(new DiffRequest { Id = Id, Urn = Urn, Olds = Outputs, OldInputs = Inputs, News = checkedNews, Name = "connections", Type = Type }).ResponseAsync;

    /// <summary>Check → Create(preview) → Create; records the result.</summary>
    public async Task<CreateResponse> CreateAsync(Struct checkedNews, bool preview = false, double timeout = 0)
    {
        var response = await client.CreateAsync(new CreateRequest { Urn = Urn, Properties = checkedNews, Preview = preview, Name = "connections", Type = Type, Timeout = timeout });
        if (!preview)
        {
            Record(response.Id, checkedNews, response.Properties);
        }
        return response;
    }

    public async Task<UpdateResponse> UpdateAsync(Struct checkedNews, bool preview = false)
    {
        var response = await client.UpdateAsync(new UpdateRequest
        {
            Id = Id, Urn = Urn, Olds = Outputs, OldInputs = Inputs, News = checkedNews, Preview = preview, Name = "connections", Type = Type,
        });
        if (!preview)
        {
            Record(Id, checkedNews, response.Properties);
        }
        return response;
    }

    public async Task<ReadResponse> RefreshAsync()
    {
        var response = await client.ReadAsync(new ReadRequest { Id = Id, Urn = Urn, Properties = Outputs, Inputs = Inputs, Name = "connections", Type = Type });
        Outputs = response.Properties;
        return response;
    }

    public async Task DeleteAsync() =>
        await client.DeleteAsync(new DeleteRequest { Id = Id, Urn = Urn, Properties = Outputs, OldInputs = Inputs, Name = "connections", Type = Type });

    /// <summary>What the engine records from an ErrorResourceInitFailed detail.</summary>
    public void Record(string id, Struct inputs, Struct outputs)
    {
        Id = id;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>key → id of the <c>connections</c> output.</summary>
    public static IReadOnlyDictionary<string, string> Ids(Struct outputs) =>
        outputs.Fields["connections"].StructValue.Fields.ToDictionary(f => f.Key, f => f.Value.StructValue.Fields["id"].StringValue);
}
