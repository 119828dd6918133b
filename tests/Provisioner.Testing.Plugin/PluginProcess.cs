using Provisioner.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Net.Client;

namespace Provisioner.Testing.Plugin;

/// <summary>
/// The built plugin executable, launched the way the engine launches it: read stdout up to the first '\n', parse
/// the port, dial 127.0.0.1:port. Everything written after the port line and all of stderr is captured.
/// </summary>
public sealed class PluginProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdoutRest = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private PluginProcess(Process process, string portLine, Task stdoutPump, Task stderrPump, StringBuilder rest, StringBuilder err)
    {
        _process = process;
        PortLine = portLine;
        _stdoutPump = stdoutPump;
        _stderrPump = stderrPump;
        _stdoutRest = rest;
        _stderr = err;
        Port = int.Parse(portLine.TrimEnd('\n'), CultureInfo.InvariantCulture);
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Port}", new GrpcChannelOptions { MaxReceiveMessageSize = null });
        Client = new ResourceProvider.ResourceProviderClient(Channel);
    }

    /// <summary>The exact first line, including its '\n'.</summary>
    public string PortLine { get; }
    public int Port { get; }
    public GrpcChannel Channel { get; }
    public ResourceProvider.ResourceProviderClient Client { get; }
    public Process Process => _process;

    /// <summary>Stdout after the port line (must stay empty).</summary>
    public string StdoutAfterPort { get { lock (_stdoutRest) { return _stdoutRest.ToString(); } } }
    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public static string ExecutablePath
    {
        get
        {
            var appHost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "pulumi-resource-aep.exe" : "pulumi-resource-aep");
            return File.Exists(appHost) ? appHost : throw new FileNotFoundException("the plugin's apphost was not copied next to the tests", appHost);
        }
    }

    public static async Task<PluginProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The plugin must not pick up settings from the machine running the tests.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AEP_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        ChildSignals.PrepareForInterrupt();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the plugin");
        var stdout = process.StandardOutput.BaseStream;
        var portLine = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // hang guard only
        while (true)
        {
            var read = await stdout.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                var err = await process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"plugin exited before printing its port; stdout='{portLine}', stderr='{err}'");
            }
            portLine.Append((char)buffer[0]);
            if (buffer[0] == '\n')
            {
                break;
            }
        }
        var rest = new StringBuilder();
        var errors = new StringBuilder();
        var stdoutPump = Pump(new StreamReader(stdout), rest);
        var stderrPump = Pump(process.StandardError, errors);
        return new PluginProcess(process, portLine.ToString(), stdoutPump, stderrPump, rest, errors);
    }

    /// <summary>Sends SIGINT, as the engine does after Cancel, and waits for the exit (hang guard, not a timing assertion).</summary>
    public async Task<int> InterruptAsync()
    {
        // The engine closes its connection before the signal; an open HTTP/2 connection would hold Kestrel's
        // graceful shutdown for its whole timeout.
        Channel.Dispose();
        if (!_process.HasExited)
        {
            // .NET has no API for SIGINT; the kill(1) utility sends exactly what the engine sends.
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(guard.Token);
        await Task.WhenAll(_stdoutPump, _stderrPump);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                await InterruptAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private static async Task Pump(TextReader reader, StringBuilder sink)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (sink)
            {
                sink.Append(buffer, 0, read);
            }
        }
    }
}
