namespace Provisioner.Cli.State;

/// <summary>
/// Files only their owner may read (0600 on Unix; folders 0700): state files and fingerprint keys. Written to a
/// temporary file that is flushed and renamed over the old one, so a crash leaves the old or the new file, never half
/// of one — and the rename also replaces the mode of a file an older version created world-readable.
/// </summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    public static void WriteAtomically(string path, Action<Stream> write)
    {
        CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly; // set at creation: there is no moment the content is readable by others
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // no-op after a successful move
        }
    }

    /// <summary>Creates the folder owner-only when it is new; an existing folder keeps the mode its owner chose.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }
    }
}
