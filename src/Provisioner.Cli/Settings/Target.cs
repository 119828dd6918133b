using Provisioner.Emulator;
using Provisioner.Emulator.Store;
using Provisioner.FlowService;

namespace Provisioner.Cli.Settings;

/// <summary>
/// The service a command talks to, opened from <c>--local</c> (an in-process emulator whose data lives in
/// <c>.aep-provision/emulator.json</c>), <c>--stack NAME</c> (plain <c>aep:*</c> settings of
/// <c>stacks/Pulumi.NAME.yaml</c>) or neither (environment only). Environment variables override the stack file:
/// AEP_ENDPOINT, AEP_IMS_ENDPOINT, AEP_CLIENT_ID, AEP_ORG_ID, AEP_SANDBOX_NAME; credentials come only from
/// AEP_CLIENT_SECRET or AEP_ACCESS_TOKEN.
/// </summary>
internal sealed class Target : IAsyncDisposable
{
    private readonly FlowServiceClientHandle _client;
    private readonly EmulatorHost? _emulator;

    private Target(FlowServiceClientHandle client, EmulatorHost? emulator, string identity, IConnectionSpecCatalog catalog)
    {
        _client = client;
        _emulator = emulator;
        Identity = identity;
        Catalog = catalog;
    }

    public IFlowServiceClient Client => _client;

    /// <summary>The same client's source connections, target connections, flows and runs.</summary>
    public IFlowPipelineClient Pipeline => _client;

    /// <summary>Says which service, org and sandbox; recorded in the state file so a state is never applied elsewhere.</summary>
    public string Identity { get; }

    /// <summary>Specs as this target serves them, with the embedded catalog's aliases.</summary>
    public IConnectionSpecCatalog Catalog { get; }

    public static async Task<Target> OpenAsync(CommonOptions options, CliEnvironment env, CancellationToken cancellationToken)
    {
        FlowServiceOptions serviceOptions;
        EmulatorHost? emulator = null;
        string identity;
        if (options.Local)
        {
            var dataFile = Path.Combine(env.ToolDirectory, "emulator.json");
            Directory.CreateDirectory(env.ToolDirectory);
            try
            {
                emulator = await EmulatorHost.StartAsync(new EmulatorOptions { DataFile = dataFile }, cancellationToken).ConfigureAwait(false);
            }
            catch (EmulatorDataFileException e)
            {
                throw new CliException($"{dataFile}: the local emulator's data file is not readable ({e.Message}); move it away to start over");
            }
            serviceOptions = new FlowServiceOptions
            {
                Endpoint = emulator.BaseAddress,
                ImsEndpoint = emulator.BaseAddress,
                ClientId = emulator.Options.ClientId,
                ClientSecret = emulator.Options.ClientSecret,
                OrgId = emulator.Options.OrgId,
                SandboxName = emulator.Options.Sandboxes[0],
            };
            identity = "the local emulator (.aep-provision/emulator.json)";
        }
        else
        {
            serviceOptions = FromSettings(options.Stack, env);
            identity = (options.Stack is null ? "the environment's target" : $"stack '{options.Stack}'")
                + $" ({serviceOptions.Endpoint}, org {serviceOptions.OrgId}, sandbox {serviceOptions.SandboxName})";
        }

        FlowServiceClientHandle? client = null;
        try
        {
            client = FlowServiceClientFactory.Create(serviceOptions);
            var catalog = options.Local
                ? (IConnectionSpecCatalog)SourceCatalog.Offline
                : new ComparingCatalog(new FlowServiceConnectionSpecCatalog(client, SourceCatalog.Aliases), SourceCatalog.Offline, env.Error);
            return new Target(client, emulator, identity, catalog);
        }
        catch (Exception e)
        {
            // Whatever failed, nothing opened here outlives the call: the in-process emulator holds a port and its data file.
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
            if (e is ArgumentException)
            {
                throw new CliException(Output.UserMessage.Clean(e.Message)); // invalid settings: the message names the setting
            }
            throw;
        }
    }

    private static FlowServiceOptions FromSettings(string? stack, CliEnvironment env)
    {
        var file = stack is null ? null : StackSettings.Load(StackSettings.PathFor(env.WorkingDirectory, stack), $"stacks/Pulumi.{stack}.yaml");
        string? Pick(string variable, string? fromFile) => env.GetVariable(variable) is { Length: > 0 } v ? v : fromFile;

        var options = new FlowServiceOptions
        {
            ClientId = Pick("AEP_CLIENT_ID", file?.ClientId),
            OrgId = Pick("AEP_ORG_ID", file?.OrgId),
            ClientSecret = env.GetVariable("AEP_CLIENT_SECRET") is { Length: > 0 } secret ? secret : null,
            AccessToken = env.GetVariable("AEP_ACCESS_TOKEN") is { Length: > 0 } token ? token : null,
        };
        if (Pick("AEP_ENDPOINT", file?.Endpoint) is { } endpoint)
        {
            options.Endpoint = ParseUri(endpoint, "endpoint");
        }
        if (Pick("AEP_IMS_ENDPOINT", file?.ImsEndpoint) is { } ims)
        {
            options.ImsEndpoint = ParseUri(ims, "imsEndpoint");
        }
        if (Pick("AEP_SANDBOX_NAME", file?.SandboxName) is { } sandbox)
        {
            options.SandboxName = sandbox;
        }
        return options;
    }

    private static Uri ParseUri(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new CliException($"aep:{setting} '{value}' is not an absolute URL");

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
