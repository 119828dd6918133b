namespace Provisioner.Emulator.Tests;

/// <summary>Tests of an emulator that persists to a data file: each test class gets its own directory, removed after.</summary>
public abstract class DataFileTests(string prefix) : IDisposable
{
    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;

    protected string DataFile => Path.Combine(Directory, "state.json");

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
