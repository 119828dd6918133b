using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Provisioner.Emulator.Tests;

/// <summary>The emulator as its own process (what <c>dotnet run --project src/Provisioner.Emulator</c> starts), driven
/// only over HTTP: IMS, Flow Service and the admin endpoints — and killed hard to prove the data file survives.</summary>
public sealed class OutOfProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emulator-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class EmulatorProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private EmulatorProcess(Process process) => _process = process;

        public Uri BaseAddress { get; private set; } = null!;
        public string Output { get { lock (_output) return _output.ToString(); } }

        public static async Task<EmulatorProcess> StartAsync(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Provisioner.Emulator.dll"));
            foreach (var a in args) info.ArgumentList.Add(a);
            var started = new EmulatorProcess(Process.Start(info)!);
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(object _, DataReceivedEventArgs e)
            {
                if (e.Data is null) return;
                lock (started._output) started._output.AppendLine(e.Data);
                const string marker = "Now listening on: ";
                var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) listening.TrySetResult(new Uri(e.Data[(at + marker.Length)..].Trim() + "/"));
            }

            started._process.OutputDataReceived += OnLine;
            started._process.ErrorDataReceived += OnLine;
            started._process.BeginOutputReadLine();
            started._process.BeginErrorReadLine();
            var exited = started._process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(1)));
            if (first == listening.Task) started.BaseAddress = await listening.Task;
            return started;
        }

        public async Task<int> ExitCodeAsync()
        {
            await _process.WaitForExitAsync();
            return _process.ExitCode;
        }

        public void KillHard() => _process.Kill(entireProcessTree: true);

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    private static async Task<HttpClient> AuthorizedClientAsync(Uri baseAddress)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        using var token = await http.PostAsync("ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "emulator-client-id", ["client_secret"] = "emulator-client-secret", ["scope"] = "openid",
        }));
        var accessToken = (string)JsonNode.Parse(await token.Content.ReadAsStringAsync())!["access_token"]!;
        http.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        http.DefaultRequestHeaders.Add("x-api-key", "emulator-client-id");
        http.DefaultRequestHeaders.Add("x-gw-ims-org-id", "EMULATOR00000000000000000@AdobeOrg");
        http.DefaultRequestHeaders.Add("x-sandbox-name", "prod");
        return http;
    }

    [Fact]
    public async Task A_killed_emulator_process_restarts_with_every_acknowledged_write()
    {
        var dataFile = Path.Combine(_dir, "state.json");
        var acknowledged = new List<string>();
        await using (var emulator = await EmulatorProcess.StartAsync("--urls", "http://127.0.0.1:0", "--data-file", dataFile))
        {
            Assert.True(emulator.BaseAddress is not null, emulator.Output);
            using var http = await AuthorizedClientAsync(emulator.BaseAddress);
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
