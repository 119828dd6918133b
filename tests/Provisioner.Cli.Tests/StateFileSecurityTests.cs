using Provisioner.Core.Reconciliation;

namespace Provisioner.Cli.Tests;

/// <summary>The CLI's plain state file must not let anyone who gets hold of it test password guesses offline.</summary>
public sealed class StateFileSecurityTests
{
    // Deliberately guessable: the attack under test is a dictionary run against the recorded fingerprint.
    private const string WeakPassword = "Summer2024!";
    private static readonly string[] Dictionary = ["123456", "password", "Winter2023!", WeakPassword, "letmein"];

    [Fact]
    public async Task Local_apply_writes_state_key_and_emulator_data_owner_only_and_keeps_the_key_out_of_the_state()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; Windows relies on the profile folder's ACL
        }
        using var workspace = new CliWorkspace().WithSecret("mixpanelPassword", WeakPassword);

        var apply = await workspace.RunAsync("apply", "--local");

        Assert.True(apply.ExitCode == 0, apply.Error);
        var key = Assert.Single(Directory.GetFiles(workspace.KeyDirectory));
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(workspace.StatePath("local")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(key));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(workspace.Directory, ".aep-provision", "emulator.json")));
        var state = File.ReadAllText(workspace.StatePath("local"));
        Assert.DoesNotContain(Convert.ToBase64String(File.ReadAllBytes(key)), state, StringComparison.Ordinal);
        Assert.DoesNotContain("fingerprintKey\"", state, StringComparison.Ordinal);
        Assert.Contains("note: --local stores the value of AEP_SECRET_MIXPANELPASSWORD in clear in .aep-provision/emulator.json", apply.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dictionary_attack_on_the_state_file_alone_finds_nothing_but_finds_the_password_with_the_key()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = CliWorkspace.ForStack(emulator).WithExampleSecrets(WeakPassword);

        var apply = await workspace.RunAsync("apply", "--stack", "dev");

        Assert.True(apply.ExitCode == 0, apply.Error);
        var state = JsonNode.Parse(File.ReadAllText(workspace.StatePath("dev")))!;
        var fingerprint = state["connections"]!["mixpanel"]!["inputs"]!["auth"]!["params"]!["password"]!.GetValue<string>();
        Assert.StartsWith("hmac-sha256:", fingerprint, StringComparison.Ordinal);

        // Everything in the state file that could serve as a key: every string, raw and base64-decoded.
        var candidateKeys = Strings(state).SelectMany(CandidateKeys).ToArray();
        Assert.NotEmpty(candidateKeys);
        Assert.DoesNotContain(candidateKeys, k => Dictionary.Any(guess => Fingerprint(k, guess) == fingerprint));

        // The same attack with the user's key file succeeds, so the assertion above is able to fail.
        var realKey = File.ReadAllBytes(Assert.Single(Directory.GetFiles(workspace.KeyDirectory)));
        Assert.Equal(WeakPassword, Assert.Single(Dictionary, guess => Fingerprint(realKey, guess) == fingerprint));
    }

    [Fact]
    public async Task A_state_without_its_key_treats_secrets_as_changed_and_re_sends_them_with_one_patch_each()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        using var workspace = CliWorkspace.ForStack(emulator).WithExampleSecrets(WeakPassword);
        Assert.Equal(0, (await workspace.RunAsync("apply", "--stack", "dev")).ExitCode);
        Directory.Delete(workspace.KeyDirectory, recursive: true); // e.g. the state was copied to another machine
        emulator.Journal.Clear();

        var plan = await workspace.RunAsync("plan", "--stack", "dev");
        var apply = await workspace.RunAsync("apply", "--stack", "dev");
        var again = await workspace.RunAsync("plan", "--stack", "dev");

        CliAssert.ExitsWith(plan, 2, "note: the fingerprint key of .aep-provision/state/dev.json is not in");
        Assert.Contains(": auth.params.password", plan.Out, StringComparison.Ordinal);
        Assert.True(apply.ExitCode == 0, apply.Error);
        Assert.All(emulator.Journal.Writes, w => Assert.Equal("PATCH", w.Method));
        Assert.Equal(3, emulator.Journal.Writes.Count);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("note: the fingerprint key", again.Error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(workspace.KeyDirectory));
    }

    [Fact]
    public async Task A_format_1_state_with_its_key_inline_keeps_comparing_and_is_rewritten_without_it()
    {
        using var workspace = new CliWorkspace().WithSecret("mixpanelPassword", WeakPassword);
        Assert.Equal(0, (await workspace.RunAsync("apply", "--local")).ExitCode);
        var keyFile = Assert.Single(Directory.GetFiles(workspace.KeyDirectory));
        var legacy = JsonNode.Parse(File.ReadAllText(workspace.StatePath("local")))!.AsObject();
        legacy["format"] = "aep-provision-state/1";
        legacy.Remove("fingerprintKeyId");
        legacy["fingerprintKey"] = Convert.ToBase64String(File.ReadAllBytes(keyFile));
        File.WriteAllText(workspace.StatePath("local"), legacy.ToJsonString());
        File.Delete(keyFile);

        var apply = await workspace.RunAsync("apply", "--local");

        Assert.Equal(0, apply.ExitCode);
        Assert.StartsWith("No changes.", apply.Out, StringComparison.Ordinal);
        var rewritten = JsonNode.Parse(File.ReadAllText(workspace.StatePath("local")))!.AsObject();
        Assert.Equal("aep-provision-state/2", rewritten["format"]!.GetValue<string>());
        Assert.False(rewritten.ContainsKey("fingerprintKey"));
        Assert.Single(Directory.GetFiles(workspace.KeyDirectory));
    }

    private static string Fingerprint(byte[] key, string guess) =>
        SecretValueRecorder.Fingerprint(key).Record("password", JsonValue.Create(guess))!.GetValue<string>();

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value).Append(p.Key)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    private static IEnumerable<byte[]> CandidateKeys(string text)
    {
        foreach (var part in text.Split(':').Append(text))
        {
            var raw = System.Text.Encoding.UTF8.GetBytes(part);
            if (raw.Length >= 16)
            {
                yield return raw;
            }
            var buffer = new byte[part.Length];
            if (Convert.TryFromBase64String(part, buffer, out var written) && written >= 16)
            {
                yield return buffer[..written];
            }
            if (part.Length >= 32 && part.Length % 2 == 0 && part.All(char.IsAsciiHexDigit))
            {
                yield return Convert.FromHexString(part);
            }
        }
    }
}
