using Provisioner.Emulator.Store;

namespace Provisioner.Emulator.Tests;

public sealed class PersistenceTests() : DataFileTests("emulator-persistence-")
{
    [Fact]
    public async Task Every_acknowledged_write_survives_a_restart()
    {
        string keptId, patchedId, patchedEtag, deletedId;
        await using (var session = await EmulatorSession.StartAsync(new EmulatorOptions { DataFile = DataFile }))
        {
            (keptId, _) = await session.CreateMixpanelAsync("kept", "kept-password");
            (patchedId, var etag) = await session.CreateMixpanelAsync("to patch");
            patchedEtag = (string)(await session.SendAsync(HttpMethod.Patch, $"/connections/{patchedId}",
                new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/name", ["value"] = "patched" }), etag)).Body!["etag"]!;
            (deletedId, _) = await session.CreateMixpanelAsync("to delete");
            Assert.Equal(204, (await session.SendAsync(HttpMethod.Delete, $"/connections/{deletedId}")).Status);
        }

        await using (var restarted = await EmulatorSession.StartAsync(new EmulatorOptions { DataFile = DataFile }))
        {
            var stored = restarted.Host.GetStoredConnections();
            Assert.Equal([keptId, patchedId], stored.Select(c => c.Id));
            Assert.Equal("kept-password", stored[0].AuthParams["password"].GetString());
            var patched = await restarted.GetItemAsync(patchedId);
            Assert.Equal("patched", (string?)patched["name"]);
            Assert.Equal(patchedEtag, (string?)patched["etag"]);
            FlowAssert.Problem(await restarted.SendAsync(HttpMethod.Get, $"/connections/{deletedId}"), 1101, 404);

            // New ids keep sorting after the old ones (the insertion sequence is persisted).
            var (newId, _) = await restarted.CreateMixpanelAsync("after restart");
            Assert.Equal(newId, restarted.Host.GetStoredConnections()[^1].Id);
        }
    }

    [Fact]
    public async Task Concurrent_writes_are_all_persisted_and_no_temp_files_remain()
    {
        var ids = new List<string>();
        await using (var session = await EmulatorSession.StartAsync(new EmulatorOptions { DataFile = DataFile }))
        {
            var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => session.CreateMixpanelAsync($"c{i}")));
            ids.AddRange(created.Select(c => c.Id));
        }

        Assert.Equal([DataFile], System.IO.Directory.GetFiles(Directory));
        if (!OperatingSystem.IsWindows())
        {
            // Params are stored as the service keeps them, secrets included: only the owner may read the file.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DataFile));
        }
        await using var restarted = await EmulatorHost.StartAsync(new EmulatorOptions { DataFile = DataFile });
        Assert.Equal(ids.Order(), restarted.GetStoredConnections().Select(c => c.Id).Order());
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("")]
    [InlineData("""{"format":"something-else","connections":[]}""")]
    [InlineData("""{"format":"provisioner-emulator-state/1","nextSequence":3,"connections":[{"id":"a"}]}""")]
    public async Task A_corrupt_data_file_stops_startup_with_a_clear_error_and_is_left_untouched(string content)
    {
        await File.WriteAllTextAsync(DataFile, content);

        var error = await Assert.ThrowsAsync<EmulatorDataFileException>(() => EmulatorHost.StartAsync(new EmulatorOptions { DataFile = DataFile }));

        Assert.Contains(DataFile, error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(DataFile));
    }

    [Fact]
    public async Task In_memory_mode_writes_no_file()
    {
        await using (var session = await EmulatorSession.StartAsync())
        {
            await session.CreateMixpanelAsync("memory only");
        }

        Assert.Empty(System.IO.Directory.GetFiles(Directory));
        await using var fresh = await EmulatorHost.StartAsync();
        Assert.Empty(fresh.GetStoredConnections());
    }

    [Fact]
    public async Task Reset_clears_connections_on_disk_too()
    {
        await using (var session = await EmulatorSession.StartAsync(new EmulatorOptions { DataFile = DataFile }))
        {
            await session.CreateMixpanelAsync("gone after reset");
            await session.Host.ResetAsync();
            Assert.Empty(session.Host.GetStoredConnections());
        }

        await using var restarted = await EmulatorHost.StartAsync(new EmulatorOptions { DataFile = DataFile });
        Assert.Empty(restarted.GetStoredConnections());
    }
}
