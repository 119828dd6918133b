namespace Provisioner.FlowService.Tests.Emulator;

/// <summary>Concurrent single-name lookups share list requests (issue 11), against the emulator.</summary>
public sealed class NameLookupCoalescingTests
{
    [Fact]
    public async Task Concurrent_lookups_of_40_names_share_a_few_list_requests_and_each_gets_its_own_answer()
    {
        await using var service = await EmulatorClientHarness.StartAsync();
        var (emulator, client) = (service.Host, service.Client);
        var existing = await client.CreateConnectionAsync(Request("name-7"));
        emulator.Faults.AddLatency(TimeSpan.FromMilliseconds(50)); // keeps the first requests on the wire while the rest queue
        emulator.Journal.Clear();

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.FindConnectionsByNameAsync($"name-{i}")));

        Assert.Equal(existing.Id, Assert.Single(answers[7]).Id);
        Assert.All(answers.Where((_, i) => i != 7), Assert.Empty);
        var lists = emulator.Journal.Matching("GET", "/data/foundation/flowservice/connections");
        Assert.InRange(lists.Count, 3, 10); // 40 one-name requests before coalescing
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_request()
    {
        await using var service = await EmulatorClientHarness.StartAsync();
        var (emulator, client) = (service.Host, service.Client);
        emulator.Faults.AddLatency(TimeSpan.FromMilliseconds(300));
        using var impatient = new CancellationTokenSource();

        var patient = Enumerable.Range(0, 5).Select(i => client.FindConnectionsByNameAsync($"p-{i}")).ToArray();
        var cancelled = client.FindConnectionsByNameAsync("p-0", impatient.Token);
        impatient.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.All(await Task.WhenAll(patient), Assert.Empty);
    }

    private static CreateConnectionRequest Request(string name) => new(name, null,
        new ConnectionSpecRef("fd2c8ff3-1de0-4f6b-8fa8-4264784870eb"),
        new ConnectionAuth("Basic Authentication", new() { ["host"] = "h", ["username"] = "u", ["password"] = "p" }));
}
