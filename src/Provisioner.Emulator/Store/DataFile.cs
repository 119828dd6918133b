using System.Collections.Immutable;

namespace Provisioner.Emulator.Store;

/// <summary>
/// The state file. Writes are atomic: a temp file in the same directory is written, flushed to disk (fsync) and then
/// renamed over the old file, so a crash at any moment leaves either the old or the new complete file, never a mix.
/// </summary>
internal sealed class DataFile(string path)
{
    private const string Format = "provisioner-emulator-state/1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Reads the file; a missing file is an empty store. A corrupt file is an error, never silently dropped.</summary>
    /// <exception cref="EmulatorDataFileException">The file cannot be read or is not a valid state file.</exception>
    public StoreState Load()
    {
        if (!File.Exists(Path)) return StoreState.Empty;
        FileShape? shape;
        try
        {
            using var stream = File.OpenRead(Path);
            shape = JsonSerializer.Deserialize<FileShape>(stream, Json);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new EmulatorDataFileException($"Emulator data file '{Path}' cannot be read: {ex.Message} " +
                "It was not modified; fix it, restore a backup, or start with another --data-file.", ex);
        }

        if (shape is null || shape.Format != Format || shape.Connections is null)
        {
            throw new EmulatorDataFileException($"Emulator data file '{Path}' is not a '{Format}' file (format '{shape?.Format}'). " +
                "It was not modified; fix it, or start with another --data-file.");
        }

        var connections = ImmutableDictionary.CreateBuilder<string, StoredConnection>(StringComparer.Ordinal);
        foreach (var c in shape.Connections)
        {
            if (c is null || string.IsNullOrEmpty(c.Id) || !connections.TryAdd(c.Id, c))
            {
                throw new EmulatorDataFileException($"Emulator data file '{Path}' holds an empty or duplicate connection id ('{c?.Id}'). It was not modified.");
            }
        }

        // Files written before source connections, target connections, flows and runs existed have no "resources".
        var resources = ImmutableDictionary.CreateBuilder<string, StoredResource>(StringComparer.Ordinal);
        foreach (var r in shape.Resources ?? [])
        {
            if (r is null || string.IsNullOrEmpty(r.Id) || string.IsNullOrEmpty(r.Kind) || connections.ContainsKey(r.Id) || !resources.TryAdd(r.Id, r))
            {
                throw new EmulatorDataFileException($"Emulator data file '{Path}' holds an empty or duplicate resource id ('{r?.Id}') or a resource without a kind. It was not modified.");
            }
        }

        var next = new[] { shape.NextSequence, 1 }
            .Concat(connections.Values.Select(c => c.Sequence + 1))
            .Concat(resources.Values.Select(r => r.Sequence + 1))
            .Max();
        return new StoreState(connections.ToImmutable(), next) { Resources = resources.ToImmutable() };
    }

    public void Save(StoreState state)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // Owner-only (0600) from creation: connection params are stored as the service would, secrets included.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temp, options))
            {
                var shape = new FileShape
                {
                    Format = Format,
                    NextSequence = state.NextSequence,
                    Connections = state.Connections.Values.OrderBy(c => c.Sequence).ToList(),
                    Resources = state.Resources.Values.OrderBy(r => r.Sequence).ToList(),
                };
                JsonSerializer.Serialize(stream, shape, Json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { /* best effort: a stale temp file never shadows the real one */ }
    }

    private sealed class FileShape
    {
        public string? Format { get; set; }
        public long NextSequence { get; set; }
        public List<StoredConnection>? Connections { get; set; }
        public List<StoredResource>? Resources { get; set; }
    }
}

/// <summary>The emulator's data file is unreadable or corrupt. Startup fails with this rather than losing data.</summary>
public sealed class EmulatorDataFileException(string message, Exception? inner = null) : Exception(message, inner);
