using System.Net.Http.Json;

namespace Provisioner.Emulator.Tests;

/// <summary>The emulator as its own process (what <c>dotnet run --project src/Provisioner.Emulator</c> starts), driven
/// only over HTTP: IMS, Flow Service and the admin endpoints — and killed hard to prove the data file survives.</summary>
public sealed class OutOfProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emulator-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_killed_emulator_process_restarts_with_every_acknowledged_write()
    {
        var dataFile = Path.Combine(_dir, "state.json");
        var acknowledged = new List<string>();
        await using (var emulator = await EmulatorProcess.StartAsync("--urls", "http://127.0.0.1:0", "--data-file", dataFile))
        {
            Assert.True(emulator.BaseAddress is not null, emulator.Output);
            using var http = await emulator.AuthorizedClientAsync();
            for (var i = 0; i < 15; i++)
            {
                using var response = await http.PostAsJsonAsync("data/foundation/flowservice/connections", EmulatorSession.MixpanelBody($"c{i}", "process-secret"));
                Assert.Equal(201, (int)response.StatusCode);
                acknowledged.Add((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!);
            }

            emulator.KillHard();
            Assert.DoesNotContain("process-secret", emulator.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("emulator-client-secret", emulator.Output, StringComparison.Ordinal);
        }

        await using var restarted = await EmulatorProcess.StartAsync("--urls", "http://127.0.0.1:0", "--data-file", dataFile);
        Assert.True(restarted.BaseAddress is not null, restarted.Output);
        using var admin = new HttpClient { BaseAddress = restarted.BaseAddress };
        var items = JsonNode.Parse(await admin.GetStringAsync("_emulator/connections"))!["items"]!.AsArray();
        Assert.Equal(acknowledged, items.Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task A_corrupt_data_file_or_a_non_loopback_url_stops_the_process_with_a_clear_message()
    {
        var dataFile = Path.Combine(_dir, "corrupt.json");
        await File.WriteAllTextAsync(dataFile, "{ half a file");
        await using (var corrupt = await EmulatorProcess.StartAsync("--urls", "http://127.0.0.1:0", "--data-file", dataFile))
        {
            Assert.Equal(1, await corrupt.ExitCodeAsync());
            Assert.Contains(dataFile, corrupt.Output, StringComparison.Ordinal);
            Assert.Equal("{ half a file", await File.ReadAllTextAsync(dataFile));
        }

        await using var exposed = await EmulatorProcess.StartAsync("--urls", "http://0.0.0.0:0");
        Assert.Equal(1, await exposed.ExitCodeAsync());
        Assert.Contains("loopback", exposed.Output, StringComparison.Ordinal);
    }
}
