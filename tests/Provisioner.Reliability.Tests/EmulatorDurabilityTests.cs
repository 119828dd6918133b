using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Provisioner.Reliability.Tests;

/// <summary>
/// Deliverable 4. The emulator in its own process under concurrent creates, patches and deletes is killed with
/// SIGKILL while writes are in flight, then restarted on the same data file — several rounds. Every write it
/// acknowledged (201/200/204) must be there after the restart, and the file must parse after every kill.
/// </summary>
public sealed class EmulatorDurabilityTests(ITestOutputHelper output) : IDisposable
{
    private const string Connections = "data/foundation/flowservice/connections";
    private readonly string _directory = Directory.CreateTempSubdirectory("reliability-durability-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>What one connection should look like. A write that was sent but not answered may or may not have
    /// landed, so it widens what is acceptable instead of being required.</summary>
    private sealed class Expectation
    {
        public string AckedDescription = "";
        public string? PendingDescription;
        public bool AckedDeleted;
        public bool PendingDelete;
    }

    [Fact]
    public async Task A_killed_emulator_keeps_every_acknowledged_write_and_its_file_always_parses()
    {
        var rounds = Scale.Pick(3, 10);
        const int writers = 6;
        var dataFile = Path.Combine(_directory, "emulator.json");
        var expectations = new ConcurrentDictionary<string, Expectation>();
        var acknowledged = new Dictionary<string, int> { ["201"] = 0, ["200"] = 0, ["204"] = 0 };
        var unanswered = 0;
        var parsedAfterKill = 0;
        var random = new Random(4242);

        for (var round = 0; round < rounds; round++)
        {
            await using var emulator = await EmulatorProcess.StartAsync("--urls", "http://127.0.0.1:0", "--data-file", dataFile);
            Assert.True(emulator.BaseAddress is not null, emulator.Output);
            await VerifyAsync(emulator, expectations, round);

            var killAt = 40 + random.Next(40); // acknowledged writes of this round before the kill
            var acks = 0;
            var counts = new ConcurrentDictionary<string, int>();
            using var stop = new CancellationTokenSource();
            var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                using var http = await emulator.AuthorizedClientAsync();
                var mine = new List<(string Id, string Etag)>();
                var local = new Random(round * 100 + w);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    string? status;
                    try
                    {
                        status = await WriteOnceAsync(http, mine, local, expectations, $"r{round}-w{w}-{n}");
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref unanswered);
                        return; // the process is gone
                    }
                    counts.AddOrUpdate(status, 1, (_, c) => c + 1);
                    if (Interlocked.Increment(ref acks) == killAt)
                    {
                        emulator.KillHard(); // writes of the other writers are in flight right now
                        stop.Cancel();
                    }
                }
            })).ToArray();
            await Task.WhenAll(tasks);
            foreach (var (status, count) in counts) acknowledged[status] += count;

            // The file the killed process left must be a complete state file.
            using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(dataFile)))
            {
                Assert.Equal("provisioner-emulator-state/1", document.RootElement.GetProperty("format").GetString());
                parsedAfterKill++;
            }
        }

        await using (var last = await EmulatorProcess.StartAsync("--urls", "http://127.0.0.1:0", "--data-file", dataFile))
        {
            Assert.True(last.BaseAddress is not null, last.Output);
            var lost = await VerifyAsync(last, expectations, rounds);
            Figures.Record(output, "emulator-durability", new Dictionary<string, object?>
            {
                ["rounds"] = rounds, ["concurrentWriters"] = writers, ["acknowledgedCreates"] = acknowledged["201"],
                ["acknowledgedPatches"] = acknowledged["200"], ["acknowledgedDeletes"] = acknowledged["204"],
                ["writesInFlightAtKills"] = unanswered, ["killedWith"] = "SIGKILL (Process.Kill)", ["dataFileParsedAfterKill"] = $"{parsedAfterKill}/{rounds}", ["lostAcknowledgedWrites"] = lost,
            });
        }
    }

    /// <summary>One random write by this writer: create, patch (If-Match) or delete one of its connections.
    /// Returns the acknowledged status; a non-success answer fails the test.</summary>
    private static async Task<string> WriteOnceAsync(HttpClient http, List<(string Id, string Etag)> mine, Random random,
        ConcurrentDictionary<string, Expectation> expectations, string tag)
    {
        var pick = random.NextDouble();
        if (mine.Count == 0 || pick < 0.5)
        {
            using var created = await http.PostAsJsonAsync(Connections, Body(tag));
            Assert.True((int)created.StatusCode == 201, await created.Content.ReadAsStringAsync());
            var json = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            var id = (string)json["id"]!;
            expectations[id] = new Expectation { AckedDescription = tag };
            mine.Add((id, (string)json["etag"]!));
            return "201";
        }
        var index = random.Next(mine.Count);
        var (target, etag) = mine[index];
        var expectation = expectations[target];
        if (pick < 0.85)
        {
            expectation.PendingDescription = tag;
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"{Connections}/{target}")
            {
                Content = new StringContent($$"""[{"op":"replace","path":"/description","value":"{{tag}}"}]""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var patched = await http.SendAsync(request);
            Assert.True((int)patched.StatusCode == 200, await patched.Content.ReadAsStringAsync());
            expectation.AckedDescription = tag;
            expectation.PendingDescription = null;
            mine[index] = (target, (string)JsonNode.Parse(await patched.Content.ReadAsStringAsync())!["etag"]!);
            return "200";
        }
        expectation.PendingDelete = true;
        using var deleted = await http.DeleteAsync($"{Connections}/{target}");
        Assert.True((int)deleted.StatusCode == 204, await deleted.Content.ReadAsStringAsync());
        expectation.AckedDeleted = true;
        mine.RemoveAt(index);
        return "204";
    }

    /// <summary>Checks every expectation against the restarted emulator; returns how many acknowledged writes are missing.</summary>
    private static async Task<int> VerifyAsync(EmulatorProcess emulator, ConcurrentDictionary<string, Expectation> expectations, int round)
    {
        using var admin = new HttpClient { BaseAddress = emulator.BaseAddress };
        var items = JsonNode.Parse(await admin.GetStringAsync("_emulator/connections"))!["items"]!.AsArray()
            .ToDictionary(i => (string)i!["id"]!, i => (string?)i!["description"]);
        var problems = new List<string>();
        foreach (var (id, expected) in expectations)
        {
            var present = items.TryGetValue(id, out var description);
            if (expected.AckedDeleted)
            {
                if (present) problems.Add($"{id}: acknowledged delete came back");
            }
            else if (!present)
            {
                if (!expected.PendingDelete) problems.Add($"{id}: acknowledged create is missing");
            }
            else if (description != expected.AckedDescription && description != expected.PendingDescription)
            {
                problems.Add($"{id}: description '{description}', acknowledged '{expected.AckedDescription}'");
            }
        }
        Assert.True(problems.Count == 0, $"before round {round}: " + string.Join("; ", problems.Take(10)));
        return problems.Count;
    }

    private static JsonObject Body(string name) => new()
    {
        ["name"] = name,
        ["description"] = name,
        ["connectionSpec"] = new JsonObject { ["id"] = Service.MixpanelSpecId, ["version"] = "1.0" },
        ["auth"] = new JsonObject
        {
            ["specName"] = "Basic Authentication",
            ["params"] = new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = "user", ["password"] = "durable-pw" },
        },
    };
}
