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
}
