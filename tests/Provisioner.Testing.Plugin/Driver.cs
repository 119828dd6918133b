using Google.Protobuf;
using Grpc.Core;
using Provisioner.Emulator;
using static Provisioner.Testing.Plugin.Values;
using Xunit;

namespace Provisioner.Testing.Plugin;

/// <summary>Plays the engine against a plugin: the same requests, in the same order, with the same shapes as
/// reference §4 describes. One instance per provider process (or in-process host) and resource name.</summary>
/// <param name="name">The resource's name in the program (its URN's last part); several resources of one program
/// each get their own driver.</param>
/// <param name="type">The resource's type token (a BaseConnection unless said).</param>
public sealed class Driver(ResourceProvider.ResourceProviderClient client, string name = "mixpanel", string type = Driver.Type)
{
    public const string Type = "aep:flowservice:BaseConnection";
    public const string Urn = "urn:pulumi:local::aep-connections::aep:flowservice:BaseConnection::mixpanel";
    public const string ProviderUrn = "urn:pulumi:local::aep-connections::pulumi:providers:aep::default";
    public const string MixpanelSpec = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";

    public ResourceProvider.ResourceProviderClient Client { get; } = client;

    /// <summary>This resource's URN: <see cref="Urn"/> for the default name.</summary>
    public string ResourceUrn { get; } = $"urn:pulumi:local::aep-connections::{type}::{name}";

    /// <summary>Provider config for an emulator, as the engine sends it in CheckConfig news (secrets plain).</summary>
    public static Struct EmulatorConfig(EmulatorHost emulator, bool prefixed = false)
    {
        var endpoint = emulator.BaseAddress.ToString().TrimEnd('/');
        string K(string key) => prefixed ? "aep:" + key : key;
        return Values.Struct(
            (K("endpoint"), S(endpoint)),
            (K("imsEndpoint"), S(endpoint)),
            (K("clientId"), S(emulator.Options.ClientId)),
            (K("clientSecret"), S(emulator.Options.ClientSecret)),
            (K("orgId"), S(emulator.Options.OrgId)),
            (K("sandboxName"), S("prod")),
            ("version", S("0.1.0")));
    }

    /// <summary>Handshake, CheckConfig, Configure — what the engine does before any resource call.</summary>
    public async Task ConfigureAsync(Struct config, string? engineAddress = null, bool preview = false)
    {
        await Client.HandshakeAsync(new ProviderHandshakeRequest { EngineAddress = engineAddress ?? "", ConfigureWithUrn = true });
        var check = await Client.CheckConfigAsync(new CheckRequest { Urn = ProviderUrn, Olds = new Struct(), News = config, Name = "default", Type = "pulumi:providers:aep" });
        Assert.Empty(check.Failures);
        await Client.ConfigureAsync(ConfigureRequestFor(check.Inputs, preview));
    }

    /// <summary>Configure as the engine builds it from CheckConfig's result: args with secrets wrapped, variables flat.</summary>
    public static ConfigureRequest ConfigureRequestFor(Struct checkedConfig, bool preview = false)
    {
        var request = new ConfigureRequest
        {
            Args = checkedConfig,
            AcceptSecrets = true,
            AcceptResources = true,
            SendsOldInputs = true,
            SendsOldInputsToDelete = true,
            Id = preview ? Unknown : Guid.NewGuid().ToString(),
            Urn = ProviderUrn,
            Name = "default",
            Type = "pulumi:providers:aep",
        };
        foreach (var (key, value) in checkedConfig.Fields.Where(f => f.Key != "version"))
        {
            request.Variables["aep:config:" + key] = Unwrap(value).StringValue;
        }
        return request;
    }

    public static Struct Mixpanel(string password, string name = "Mixpanel base connection", string? description = null, string username = "demo-user")
    {
        var inputs = Values.Struct(
            ("name", S(name)),
            ("connectionSpec", Obj(("id", S(MixpanelSpec)), ("version", S("1.0")))),
            ("auth", Obj(
                ("specName", S("Basic Authentication")),
                // Pulumi YAML wraps the whole params map: the schema marks it secret.
                ("params", Secret(Obj(("host", S("https://data.mixpanel.com")), ("username", S(username)), ("password", S(password))))))));
        if (description is not null)
        {
            inputs.Fields["description"] = S(description);
        }
        return inputs;
    }

    public Task<CheckResponse> CheckAsync(Struct news, Struct? olds = null) =>
        Client.CheckAsync(new CheckRequest { Urn = ResourceUrn, Olds = olds ?? new Struct(), News = news, Name = name, Type = type }).ResponseAsync;

    public Task<DiffResponse> DiffAsync(string id, Struct oldOutputs, Struct oldInputs, Struct news, params string[] ignoreChanges)
    {
        var request = new DiffRequest { Id = id, Urn = ResourceUrn, Olds = oldOutputs, News = news, OldInputs = oldInputs, Name = name, Type = type };
        request.IgnoreChanges.AddRange(ignoreChanges);
        return Client.DiffAsync(request).ResponseAsync;
    }

    public Task<CreateResponse> CreateAsync(Struct inputs, bool preview) =>
        Client.CreateAsync(new CreateRequest { Urn = ResourceUrn, Properties = inputs, Preview = preview, Name = name, Type = type }).ResponseAsync;

    public Task<UpdateResponse> UpdateAsync(string id, Struct oldOutputs, Struct oldInputs, Struct news, bool preview) =>
        Client.UpdateAsync(new UpdateRequest { Id = id, Urn = ResourceUrn, Olds = oldOutputs, News = news, OldInputs = oldInputs, Preview = preview, Name = name, Type = type }).ResponseAsync;

    public Task<ReadResponse> RefreshAsync(string id, Struct oldOutputs, Struct oldInputs) =>
        Client.ReadAsync(new ReadRequest { Id = id, Urn = ResourceUrn, Properties = oldOutputs, Inputs = oldInputs, Name = name, Type = type }).ResponseAsync;

    public Task<ReadResponse> ImportAsync(string id) =>
        Client.ReadAsync(new ReadRequest { Id = id, Urn = ResourceUrn, Name = name, Type = type }).ResponseAsync;

    public async Task DeleteAsync(string id, Struct oldOutputs, Struct oldInputs) =>
        await Client.DeleteAsync(new DeleteRequest { Id = id, Urn = ResourceUrn, Properties = oldOutputs, OldInputs = oldInputs, Name = name, Type = type });

    /// <summary>The pulumirpc details of a failed call's grpc-status-details-bin trailer.</summary>
    public static IReadOnlyList<Any> Details(RpcException error)
    {
        var entry = error.Trailers.FirstOrDefault(t => t.Key == "grpc-status-details-bin");
        return entry is null ? [] : Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes).Details;
    }

    /// <summary>The Struct's JSON with every secret-wrapped subtree removed: what would be stored in plain text.</summary>
    public static string PlainPart(Struct value)
    {
        var copy = value.Clone();
        Strip(copy);
        return JsonFormatter.Default.Format(copy);

        static void Strip(Struct s)
        {
            foreach (var key in s.Fields.Keys.ToList())
            {
                var v = s.Fields[key];
                if (IsSecret(v))
                {
                    s.Fields[key] = S("[secret]");
                }
                else if (v.KindCase == Value.KindOneofCase.StructValue)
                {
                    Strip(v.StructValue);
                }
            }
        }
    }
}
