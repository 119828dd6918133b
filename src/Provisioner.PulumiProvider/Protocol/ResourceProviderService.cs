using Google.Protobuf.WellKnownTypes;
using Provisioner.PulumiProvider.Resources;
using Provisioner.PulumiProvider.Schema;
using Pulumirpc;

namespace Provisioner.PulumiProvider.Protocol;

/// <summary>
/// The gRPC face of the provider: decodes requests, runs them under the shared cancellation, encodes responses and
/// maps failures to status codes. No resource logic lives here.
/// </summary>
public sealed class ResourceProviderService(
    AepProvider provider,
    EngineLog engineLog,
    ProviderCancellation cancellation,
    ILogger<ResourceProviderService> logger) : ResourceProvider.ResourceProviderBase
{
    public override Task<ProviderHandshakeResponse> Handshake(ProviderHandshakeRequest request, ServerCallContext context)
    {
        engineLog.UseAddress(request.EngineAddress);
        // Secrets arrive wrapped and are re-wrapped on the way out; resource references and output values are not
        // needed by this provider, so the engine sends plain values for them.
        return Task.FromResult(new ProviderHandshakeResponse { AcceptSecrets = true, AcceptResources = false, AcceptOutputs = false });
    }

    public override Task<Empty> Attach(PluginAttach request, ServerCallContext context)
    {
        engineLog.UseAddress(request.Address, replace: true);
        return Task.FromResult(new Empty());
    }

    public override Task<PluginInfo> GetPluginInfo(Empty request, ServerCallContext context) =>
        Task.FromResult(new PluginInfo { Version = ProviderVersion.Value });

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, ServerCallContext context) =>
        Run(nameof(GetSchema), context, _ =>
        {
            if (!string.IsNullOrEmpty(request.SubpackageName))
            {
                throw ProviderException.InvalidArgument($"package aep has no subpackage '{request.SubpackageName}'");
            }
            return Task.FromResult(new GetSchemaResponse { Schema = PackageSchema.Json });
        });

    public override Task<CheckResponse> CheckConfig(CheckRequest request, ServerCallContext context) =>
        Run(nameof(CheckConfig), context, _ =>
        {
            var reading = provider.CheckConfig(PropertyValueCodec.Decode(request.News));
            return Task.FromResult(ProtocolMapping.ToResponse(reading.Checked, reading.Failures));
        });

    public override Task<DiffResponse> DiffConfig(DiffRequest request, ServerCallContext context) =>
        Run(nameof(DiffConfig), context, _ =>
        {
            var olds = request.OldInputs is { Fields.Count: > 0 } ? request.OldInputs : request.Olds;
            return Task.FromResult(ProtocolMapping.ToResponse(provider.DiffConfig(PropertyValueCodec.Decode(olds), PropertyValueCodec.Decode(request.News))));
        });

    public override Task<ConfigureResponse> Configure(ConfigureRequest request, ServerCallContext context) =>
        Run(nameof(Configure), context, async _ =>
        {
            await provider.ConfigureAsync(
                PropertyValueCodec.Decode(request.Args),
                request.Variables,
                isPreview: request.HasId && request.Id == PropertyValueCodec.UnknownSentinel,
                providerUrn: request.HasUrn ? request.Urn : null);
            return new ConfigureResponse { AcceptSecrets = true, SupportsPreview = true, AcceptResources = false, AcceptOutputs = false };
        });

    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) =>
        Run(nameof(Invoke), context, async ct =>
        {
            var result = await provider.InvokeAsync(request.Tok, PropertyValueCodec.Decode(request.Args), ct);
            var response = new InvokeResponse { Return = PropertyValueCodec.Encode(result.Return) };
            response.Failures.AddRange(result.Failures.Select(ProtocolMapping.ToProto));
            return response;
        });

    public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context) =>
        Run(nameof(Check), context, async ct =>
        {
            var resource = provider.Resource(request.Type, request.Urn);
            var (inputs, failures) = await resource.CheckAsync(PropertyValueCodec.Decode(request.News), provider.Session, ct);
            return ProtocolMapping.ToResponse(inputs, failures);
        });

    public override Task<DiffResponse> Diff(DiffRequest request, ServerCallContext context) =>
        Run(nameof(Diff), context, async ct =>
        {
            var diff = await provider.Resource(request.Type, request.Urn).DiffAsync(
                PropertyValueCodec.Decode(request.Olds), OptionalMap(request.OldInputs), PropertyValueCodec.Decode(request.News), request.IgnoreChanges, ct);
            if (diff.Replaces.Count > 0 && !string.IsNullOrEmpty(request.Id))
            {
                provider.Replacements.Note(request.Urn, request.Id);
            }
            return ProtocolMapping.ToResponse(diff);
        });

    public override Task<CreateResponse> Create(CreateRequest request, ServerCallContext context) =>
        Run(nameof(Create), context, async ct =>
        {
            var resource = provider.Resource(request.Type, request.Urn);
            var operation = new OperationContext(request.Urn, OperationContext.TimeoutOf(request.Timeout))
            {
                ReplacingId = request.Preview ? null : provider.Replacements.Take(request.Urn),
            };
            var (id, outputs) = await resource.CreateAsync(operation, PropertyValueCodec.Decode(request.Properties), request.Preview, provider.Session, ct);
            return new CreateResponse { Id = id, Properties = PropertyValueCodec.Encode(outputs) };
        });

    public override Task<ReadResponse> Read(ReadRequest request, ServerCallContext context) =>
        Run(nameof(Read), context, async ct =>
        {
            var resource = provider.Resource(request.Type, request.Urn);
            var result = await resource.ReadAsync(new OperationContext(request.Urn, OperationContext.TimeoutOf(request.Timeout)), RequireId(request.Id, nameof(Read)), OptionalMap(request.Properties), OptionalMap(request.Inputs), provider.Session, ct);
            // Gone: empty id and NO properties (an empty Struct would import an empty resource).
            var response = new ReadResponse { Id = result.Id };
            if (result.Outputs is not null)
            {
                response.Properties = PropertyValueCodec.Encode(result.Outputs);
            }
            if (result.Inputs is not null)
            {
                response.Inputs = PropertyValueCodec.Encode(result.Inputs);
            }
            return response;
        });

    public override Task<UpdateResponse> Update(UpdateRequest request, ServerCallContext context) =>
        Run(nameof(Update), context, async ct =>
        {
            var resource = provider.Resource(request.Type, request.Urn);
            var outputs = await resource.UpdateAsync(new OperationContext(request.Urn, OperationContext.TimeoutOf(request.Timeout)), RequireId(request.Id, nameof(Update)), PropertyValueCodec.Decode(request.Olds), OptionalMap(request.OldInputs),
                PropertyValueCodec.Decode(request.News), request.IgnoreChanges, request.Preview, provider.Session, ct);
            return new UpdateResponse { Properties = PropertyValueCodec.Encode(outputs) };
        });

    public override Task<Empty> Delete(DeleteRequest request, ServerCallContext context) =>
        Run(nameof(Delete), context, async ct =>
        {
            await provider.Resource(request.Type, request.Urn).DeleteAsync(new OperationContext(request.Urn, OperationContext.TimeoutOf(request.Timeout)),
                RequireId(request.Id, nameof(Delete)), OptionalMap(request.Properties), OptionalMap(request.OldInputs), provider.Session, ct);
            return new Empty();
        });

    public override Task<Empty> Cancel(Empty request, ServerCallContext context)
    {
        Log.Cancelling(logger);
        cancellation.Cancel();
        return Task.FromResult(new Empty());
    }

    private static PropertyMap? OptionalMap(Struct? value) => value is null ? null : PropertyValueCodec.Decode(value);

    private async Task<T> Run<T>(string rpc, ServerCallContext context, Func<CancellationToken, Task<T>> handler)
    {
        using var linked = cancellation.Link(context.CancellationToken);
        try
        {
            linked.Token.ThrowIfCancellationRequested();
            return await handler(linked.Token);
        }
        catch (Exception error)
        {
            throw ErrorTranslation.ToRpc(error, rpc, logger);
        }
    }

    /// <summary>An empty or blank id is a malformed request, not a provider bug: INVALID_ARGUMENT, not INTERNAL.</summary>
    private static string RequireId(string id, string rpc) =>
        string.IsNullOrWhiteSpace(id)
            ? throw ProviderException.InvalidArgument($"{rpc} needs the id of the connection (the id Create returned); the request carried an empty id")
            : id;
}
