using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Provisioner.Bench;

/// <summary>What to launch: an executable and its arguments, launched the way the engine launches a plugin
/// (engine address as the last argument, the port is the first stdout line).</summary>
internal sealed record LaunchCommand(string Label, string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Nothing listens there: neither host dials the engine before it is asked to log.</summary>
    public const string DummyEngineAddress = "127.0.0.1:1";

    public static LaunchCommand Plugin(PluginBuild build) => new(build.Label, build.Path, [DummyEngineAddress]);

    /// <summary>Pulumi's Node dynamic-provider host, as pulumi-resource-pulumi-nodejs starts it.</summary>
    public static LaunchCommand NodeDynamicProvider(string indexJs) => new("node dynamic-provider", "node", [indexJs, DummyEngineAddress]);
}

/// <summary>A launched provider process: the time from spawn to its port line, the port, and its peak RSS.</summary>
internal sealed class LaunchedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private LaunchedProcess(Process process, int port, double portLineMs)
    {
        _process = process;
        Port = port;
        PortLineMs = portLineMs;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>Milliseconds from Process.Start to the '\n' of the port line.</summary>
    public double PortLineMs { get; }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static async Task<LaunchedProcess> StartAsync(LaunchCommand command, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments) start.ArgumentList.Add(argument);
        // Settings of the machine running the bench must not change what the plugin does.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AEP_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{command.Label}: could not start {command.FileName}");
        var line = new StringBuilder();
        var buffer = new byte[1];
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            // Byte by byte up to the first '\n', exactly as the engine reads it.
            while (true)
            {
                var read = await process.StandardOutput.BaseStream.ReadAsync(buffer, hangGuard.Token);
                if (read == 0)
                {
                    var stderr = await process.StandardError.ReadToEndAsync(hangGuard.Token);
                    throw new InvalidOperationException($"{command.Label} ended before printing its port; stdout '{line}', stderr: {stderr}");
                }
                if (buffer[0] == '\n') break;
                line.Append((char)buffer[0]);
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!int.TryParse(line.ToString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"{command.Label}: the first stdout line is not a port: '{line}'");
        }
        // Drain the rest of stdout so the process never blocks on a full pipe.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        return new LaunchedProcess(process, port, elapsed);
    }

    /// <summary>Peak resident set size (VmHWM from /proc/PID/status) in bytes.</summary>
    public long PeakRssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"/proc/{_process.Id}/status has no VmHWM line");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(guard.Token);
        }
        _process.Dispose();
    }
}
