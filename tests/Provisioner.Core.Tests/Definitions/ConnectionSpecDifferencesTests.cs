namespace Provisioner.Core.Tests.Definitions;

/// <summary>How the service's copy of a spec and the embedded one are said to differ.</summary>
public sealed class ConnectionSpecDifferencesTests
{
    private static AuthSpec Auth(string name, string[] required, string[] secret, params string[] optional)
    {
        var properties = new JsonObject();
        foreach (var p in required.Concat(secret).Concat(optional).Distinct())
        {
            properties[p] = secret.Contains(p) ? new JsonObject { ["type"] = "string", ["format"] = "password" } : new JsonObject { ["type"] = "string" };
        }
        return new AuthSpec
        {
            Name = name,
            Spec = new JsonObject { ["properties"] = properties, ["required"] = new JsonArray(required.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()) },
        };
    }

    private static ConnectionSpec Spec(params AuthSpec[] auth) => new() { Id = "x", Name = "x", AuthSpecs = auth };

    [Fact]
    public void Equal_specs_have_no_differences()
    {
        var spec = Spec(Auth("Basic", ["host", "password"], ["password"]));
        Assert.Empty(ConnectionSpecDifferences.Between(spec, Spec(Auth("Basic", ["password", "host"], ["password"], "extra"))));
    }

    [Fact]
    public void Each_difference_is_one_phrase_service_side_first()
    {
        var service = Spec(Auth("Basic", ["host", "user"], ["password"]), Auth("OAuth", [], []));
        var embedded = Spec(Auth("Basic", ["host"], []), Auth("Key", [], []));

        Assert.Equal(
        [
            "auth spec 'Key' is not offered by the service",
            "auth spec 'Basic' required params: service host, user; embedded host",
            "auth spec 'Basic' secret params: service password; embedded none",
            "auth spec 'OAuth' is offered only by the service",
        ], ConnectionSpecDifferences.Between(service, embedded));
    }
}
