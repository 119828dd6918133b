namespace Provisioner.PulumiProvider.Tests;

/// <summary><c>aep:flowservice:testConnection</c> and the source/destination kind of <c>getConnectionSpec</c>, through Invoke.</summary>
public sealed class TestConnectionFunctionTests : ConfiguredPluginTest
{
    private const string TestConnection = "aep:flowservice:testConnection";

    [Fact]
    public async Task A_connection_passes_and_after_its_credentials_are_rejected_the_result_is_false_with_the_reason()
    {
        var created = await Rpc.CreateAsync((await Rpc.CheckAsync(Driver.Mixpanel(Canary.New()))).Inputs, preview: false);

        var passed = await Invoke(TestConnection, ("connectionId", S(created.Id)));
        Service.RejectCredentials(created.Id);
        var rejected = await Invoke(TestConnection, ("connectionId", S(created.Id)));

        Assert.Empty(passed.Failures);
        Assert.True(passed.Return.Fields["result"].BoolValue);
        Assert.Equal("ok", passed.Return.Fields["message"].StringValue);
        Assert.Equal(created.Id, passed.Return.Fields["connectionId"].StringValue);
        Assert.Empty(rejected.Failures);
        Assert.False(rejected.Return.Fields["result"].BoolValue);
        Assert.Equal("failed: the service could not connect with this connection's credentials (test result: false)", rejected.Return.Fields["message"].StringValue);
    }

    [Fact]
    public async Task A_deleted_or_unknown_connection_is_a_failure_naming_the_argument()
    {
        var unknown = await Invoke(TestConnection, ("connectionId", S("11111111-2222-3333-4444-555555555555")));
        var missing = await Invoke(TestConnection);

        var failure = Assert.Single(unknown.Failures);
        Assert.Equal("connectionId", failure.Property);
        Assert.StartsWith("failed: not found", failure.Reason, StringComparison.Ordinal);
        Assert.Equal("connectionId", Assert.Single(missing.Failures).Property);
    }

    [Theory]
    [InlineData(Driver.MixpanelSpec, "source", 1)]
    [InlineData("4fce964d-3f37-408f-9778-e597338a21ee", "destination", 1)]
    [InlineData("10440537-2a7b-4583-ac39-ed38d4b848e8", "destination", 0)]
    public async Task GetConnectionSpec_says_source_or_destination(string specId, string kind, int authSpecs)
    {
        var response = await Invoke("aep:flowservice:getConnectionSpec", ("connectionSpecId", S(specId)));

        Assert.Empty(response.Failures);
        Assert.Equal(kind, response.Return.Fields["kind"].StringValue);
        Assert.Equal(authSpecs, response.Return.Fields["authSpecs"].ListValue.Values.Count);
    }

    private Task<InvokeResponse> Invoke(string token, params (string, Google.Protobuf.WellKnownTypes.Value)[] args) =>
        Client.InvokeAsync(new InvokeRequest { Tok = token, Args = Struct(args) }).ResponseAsync;
}
