using System.Diagnostics;
using System.Text;

namespace Provisioner.Testing;

/// <summary>
/// The emulator as its own process — <c>dotnet Provisioner.Emulator.dll --urls http://127.0.0.1:0 [--data-file F]</c>
/// from the test's output folder (a project reference to the emulator copies it there) — driven only over HTTP and
/// killable hard (<see cref="KillHard"/> = SIGKILL, like <c>kill -9</c>).
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    public const string ClientId = "emulator-client-id";
    public const string ClientSecret = "emulator-client-secret";
    public const string OrgId = "EMULATOR00000000000000000@AdobeOrg";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EmulatorProcess(Process process) => _process = process;

    /// <summary>Gateway root, e.g. <c>http://127.0.0.1:41234/</c>; null when the process never started listening.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>Everything the process printed (stdout and stderr).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

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
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(1))); // hang guard only
        if (first == listening.Task) started.BaseAddress = await listening.Task;
        return started;
    }

    /// <summary>An HttpClient holding an IMS token (fetched over HTTP) and the gateway headers of the default org.</summary>
    public async Task<HttpClient> AuthorizedClientAsync(string sandbox = "prod")
    {
        var http = new HttpClient { BaseAddress = BaseAddress ?? throw new InvalidOperationException("the emulator is not listening: " + Output) };
        var token = await EmulatorHttp.FetchTokenAsync(http, ClientId, ClientSecret);
        EmulatorHttp.AddGatewayHeaders(http.DefaultRequestHeaders, token, ClientId, OrgId, sandbox);
        return http;
    }

    public async Task<int> ExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush — what a crash or <c>kill -9</c> does.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        KillHard();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
