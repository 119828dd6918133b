using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Provisioner.Emulator;
using Pulumirpc;

namespace Provisioner.Bench;

/// <summary>The engine's side of one plugin process: Handshake → CheckConfig → Configure, then Create and Read of
/// <c>aep:flowservice:BaseConnection</c> as <c>pulumi up</c> and <c>pulumi refresh</c> send them.</summary>
internal sealed class PluginSession : IDisposable
{
    private const string Type = "aep:flowservice:BaseConnection";
    private const string ProviderType = "pulumi:providers:aep";
    private const string ProviderUrn = "urn:pulumi:bench::bench::pulumi:providers:aep::default";
    private const string SecretSignatureKey = "4dabf18193072939515e22adb298388d";
    private const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";

    private readonly GrpcChannel _channel;
    private readonly ResourceProvider.ResourceProviderClient _client;

    private PluginSession(int port)
    {
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
        _client = new ResourceProvider.ResourceProviderClient(_channel);
    }

    /// <summary>GetPluginInfo: the first RPC the engine makes after reading the port.</summary>
    public static async Task FirstRpcAsync(int port)
    {
        using var session = new PluginSession(port);
        await session._client.GetPluginInfoAsync(new Empty());
    }

    public static async Task<PluginSession> ConfigureAsync(int port, EmulatorHost emulator)
    {
        var session = new PluginSession(port);
        var endpoint = emulator.BaseAddress.ToString().TrimEnd('/');
        var config = new Struct
        {
            Fields =
            {
                ["endpoint"] = Value.ForString(endpoint),
                ["imsEndpoint"] = Value.ForString(endpoint),
                ["clientId"] = Value.ForString(emulator.Options.ClientId),
                ["clientSecret"] = Value.ForString(emulator.Options.ClientSecret),
                ["orgId"] = Value.ForString(emulator.Options.OrgId),
                ["sandboxName"] = Value.ForString("prod"),
                ["version"] = Value.ForString("0.1.0"),
            },
        };
        await session._client.HandshakeAsync(new ProviderHandshakeRequest { EngineAddress = LaunchCommand.DummyEngineAddress, ConfigureWithUrn = true });
        var check = await session._client.CheckConfigAsync(new CheckRequest { Urn = ProviderUrn, Olds = new Struct(), News = config, Name = "default", Type = ProviderType });
        if (check.Failures.Count > 0)
            throw new InvalidOperationException("CheckConfig failed: " + string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));
        var configure = new ConfigureRequest
        {
            Args = check.Inputs,
            AcceptSecrets = true,
            AcceptResources = true,
            SendsOldInputs = true,
            SendsOldInputsToDelete = true,
            Id = Guid.NewGuid().ToString(),
            Urn = ProviderUrn,
            Name = "default",
            Type = ProviderType,
        };
        await session._client.ConfigureAsync(configure);
        return session;
    }

    /// <summary>The inputs Pulumi YAML sends for the fixture connection (params secret as the schema says).</summary>
    public static Struct Inputs(string name)
    {
        var parameters = new Struct();
        foreach (var (key, value) in Fixtures.Params(name)) parameters.Fields[key] = Value.ForString(value);
        return new Struct
        {
            Fields =
            {
                ["name"] = Value.ForString(name),
                ["connectionSpec"] = Value.ForStruct(new Struct { Fields = { ["id"] = Value.ForString(Fixtures.MixpanelSpecId), ["version"] = Value.ForString("1.0") } }),
                ["auth"] = Value.ForStruct(new Struct
                {
                    Fields =
                    {
                        ["specName"] = Value.ForString(Fixtures.AuthSpecName),
                        ["params"] = Value.ForStruct(new Struct
                        {
                            Fields = { [SecretSignatureKey] = Value.ForString(SecretSignature), ["value"] = Value.ForStruct(parameters) },
                        }),
                    },
                }),
            },
        };
    }

    public async Task<CreateResponse> CreateAsync(string name, Struct inputs) =>
        await _client.CreateAsync(new CreateRequest { Urn = Urn(name), Properties = inputs, Name = name, Type = Type });

    public async Task<ReadResponse> RefreshAsync(string name, string id, Struct outputs, Struct inputs)
    {
        var read = await _client.ReadAsync(new ReadRequest { Id = id, Urn = Urn(name), Properties = outputs, Inputs = inputs, Name = name, Type = Type });
        return read.Id == id ? read : throw new InvalidOperationException($"refresh of {id} answered id '{read.Id}'");
    }

    private static string Urn(string name) => $"urn:pulumi:bench::bench::{Type}::{name}";

    public void Dispose() => _channel.Dispose();
}
