namespace Provisioner.FlowService.Tests.Emulator;

/// <summary><see cref="IFlowServiceClient.TestConnectionAsync"/> and destination creates over loopback HTTP.</summary>
public sealed class ConnectionTestAgainstEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const string DataLandingZone = "10440537-2a7b-4583-ac39-ed38d4b848e8";

    public Task InitializeAsync() => emulator.Host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_connection_passes_then_fails_when_the_service_rejects_its_credentials()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(Samples.Mixpanel());

        var passed = await client.TestConnectionAsync(created.Id);
        Assert.Equal(ConnectionTestOutcome.Passed, passed.Outcome);
        Assert.Equal("ok", passed.Describe());

        emulator.Host.RejectCredentials(created.Id);
        var rejected = await client.TestConnectionAsync(created.Id);
        Assert.Equal(ConnectionTestOutcome.Rejected, rejected.Outcome);
        Assert.Equal("failed: " + ConnectionTestResult.RejectedWithoutReason, rejected.Describe());
    }

    [Fact]
    public async Task Testing_a_deleted_connection_is_not_found_not_an_exception()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(Samples.Mixpanel());
        Assert.True(await client.DeleteConnectionAsync(created.Id));

        var result = await client.TestConnectionAsync(created.Id);

        Assert.Equal(ConnectionTestOutcome.NotFound, result.Outcome);
        Assert.Contains(created.Id, result.Describe(), StringComparison.Ordinal);
        Assert.StartsWith("failed: not found", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Data_Landing_Zone_destination_is_created_without_auth_and_reads_back_without_it()
    {
        using var client = FlowServiceClientFactory.Create(emulator.Options());
        var created = await client.CreateConnectionAsync(new CreateConnectionRequest("DLZ export", null, new ConnectionSpecRef(DataLandingZone, "1.0"), null));

        var read = await client.GetConnectionAsync(created.Id);
        Assert.NotNull(read);
        Assert.Null(read.Auth);
        Assert.Equal(ConnectionTestOutcome.Passed, (await client.TestConnectionAsync(created.Id)).Outcome);
    }
}
