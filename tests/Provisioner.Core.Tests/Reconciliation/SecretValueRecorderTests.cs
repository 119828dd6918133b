namespace Provisioner.Core.Tests.Reconciliation;

public sealed class SecretValueRecorderTests
{
    private const string Canary = "canary-5b1e0d7a";

    [Fact]
    public void A_fingerprint_never_contains_the_value_and_depends_on_the_key()
    {
        var one = SecretValueRecorder.Fingerprint(new byte[32]);
        var other = SecretValueRecorder.Fingerprint(Enumerable.Repeat((byte)7, 32).ToArray());

        var a = one.Record("password", Canary)!.GetValue<string>();
        Assert.StartsWith("hmac-sha256:", a, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, a, StringComparison.Ordinal);
        Assert.Equal(a, one.Record("password", JsonValue.Create(Canary))!.GetValue<string>());
        Assert.NotEqual(a, other.Record("password", Canary)!.GetValue<string>());
        Assert.NotEqual(a, one.Record("password", Canary + "x")!.GetValue<string>());
    }

    [Fact]
    public void A_short_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => SecretValueRecorder.Fingerprint(new byte[8]));

    [Fact]
    public void The_fingerprint_format_is_stable_because_state_files_keep_it()
    {
        // Changing it would make every recorded secret look changed on the next plan.
        var key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var recorder = SecretValueRecorder.Fingerprint(key);

        Assert.Equal(Expected(key, "password\n\"s3cret\""), recorder.Record("password", "s3cret")!.GetValue<string>());
        Assert.Equal(Expected(key, "token\nnull"), recorder.Record("token", null)!.GetValue<string>());

        static string Expected(byte[] key, string material) =>
            "hmac-sha256:" + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(material)));
    }

    [Fact]
    public void The_param_name_and_the_value_are_kept_apart_in_the_fingerprint()
    {
        var recorder = SecretValueRecorder.Fingerprint(new byte[16]);

        Assert.NotEqual(recorder.Record("port1", 2)!.GetValue<string>(), recorder.Record("port", 12)!.GetValue<string>());
    }

    [Fact]
    public void A_key_of_16_bytes_is_enough_and_a_shorter_one_is_refused_with_the_reason()
    {
        Assert.NotNull(SecretValueRecorder.Fingerprint(new byte[16]).Record("p", "v"));
        var error = Assert.Throws<ArgumentException>(() => SecretValueRecorder.Fingerprint(new byte[15]));
        Assert.StartsWith("the fingerprint key needs at least 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_recording_keeps_the_value_as_a_copy()
    {
        var value = JsonValue.Create(Canary);

        var recorded = SecretValueRecorder.Clear.Record("password", value);

        Assert.Equal(Canary, recorded!.GetValue<string>());
        Assert.NotSame(value, recorded);
    }
}
