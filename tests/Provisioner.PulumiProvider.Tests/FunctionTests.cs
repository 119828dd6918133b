namespace Provisioner.PulumiProvider.Tests;

/// <summary>The package's functions through Invoke.</summary>
public sealed class FunctionTests : ConfiguredPluginTest
{
    [Fact]
    public async Task GetConnectionSpec_lists_auth_specs_with_required_and_secret_params()
    {
        var response = await Invoke("aep:flowservice:getConnectionSpec", ("connectionSpecId", S(Driver.MixpanelSpec)));

        Assert.Empty(response.Failures);
        Assert.Equal(Driver.MixpanelSpec, response.Return.Fields["id"].StringValue);
        Assert.Equal("mixpanel", response.Return.Fields["name"].StringValue);
        var basic = Assert.Single(response.Return.Fields["authSpecs"].ListValue.Values).StructValue;
        Assert.Equal("Basic Authentication", basic.Fields["name"].StringValue);
        Assert.Equal(["host", "password", "username"], basic.Fields["requiredParams"].ListValue.Values.Select(v => v.StringValue).Order());
        Assert.Equal(["password"], basic.Fields["secretParams"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal(3, basic.Fields["params"].ListValue.Values.Count);
    }

    [Fact]
    public async Task ExploreRoot_lists_the_sources_top_level_items()
    {
        var created = await Rpc.CreateAsync((await Rpc.CheckAsync(Driver.Mixpanel(Canary.New()))).Inputs, preview: false);

        var response = await Invoke("aep:flowservice:exploreRoot", ("connectionId", S(created.Id)));

        Assert.Empty(response.Failures);
        var items = response.Return.Fields["items"].ListValue.Values;
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.StructValue.Fields["name"].StringValue)));
        Assert.All(items, i => Assert.Equal(Google.Protobuf.WellKnownTypes.Value.KindOneofCase.BoolValue, i.StructValue.Fields["canPreview"].KindCase));
    }

    [Fact]
    public async Task Bad_arguments_are_failures_not_errors()
    {
        var missing = await Invoke("aep:flowservice:getConnectionSpec");
        Assert.Equal("connectionSpecId", Assert.Single(missing.Failures).Property);

        var unknownSpec = await Invoke("aep:flowservice:getConnectionSpec", ("connectionSpecId", S("11111111-2222-3333-4444-555555555555")));
        Assert.Equal("connectionSpecId", Assert.Single(unknownSpec.Failures).Property);

        var unknownConnection = await Invoke("aep:flowservice:exploreRoot", ("connectionId", S("11111111-2222-3333-4444-555555555555")));
        Assert.Equal("connectionId", Assert.Single(unknownConnection.Failures).Property);

        var error = await Assert.ThrowsAsync<RpcException>(() => Invoke("aep:flowservice:nothing"));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    private Task<InvokeResponse> Invoke(string token, params (string, Google.Protobuf.WellKnownTypes.Value)[] args) =>
        Client.InvokeAsync(new InvokeRequest { Tok = token, Args = Struct(args) }).ResponseAsync;
}
