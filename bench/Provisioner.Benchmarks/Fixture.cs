using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;

namespace Provisioner.Benchmarks;

/// <summary>The seed's Mixpanel connection in every shape the hot code sees it.</summary>
internal static class Fixture
{
    public const string MixpanelSpecId = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";
    private const string SecretSignatureKey = "4dabf18193072939515e22adb298388d";
    private const string SecretSignature = "1b47061264138c4ac30d75fd1eb44270";

    /// <summary>What the engine sends in Create/Check: params wrapped as a secret, as Pulumi YAML does.</summary>
    public static Struct InputsStruct(string name = "Mixpanel base connection", string username = "demo-user") => new()
    {
        Fields =
        {
            ["name"] = Value.ForString(name),
            ["description"] = Value.ForString("Mixpanel events exported for Experience Platform ingestion"),
            ["connectionSpec"] = Value.ForStruct(new Struct { Fields = { ["id"] = Value.ForString(MixpanelSpecId), ["version"] = Value.ForString("1.0") } }),
            ["auth"] = Value.ForStruct(new Struct
            {
                Fields =
                {
                    ["specName"] = Value.ForString("Basic Authentication"),
                    ["params"] = Value.ForStruct(new Struct
                    {
                        Fields =
                        {
                            [SecretSignatureKey] = Value.ForString(SecretSignature),
                            ["value"] = Value.ForStruct(new Struct
                            {
                                Fields =
                                {
                                    ["host"] = Value.ForString("https://data.mixpanel.com"),
                                    ["username"] = Value.ForString(username),
                                    ["password"] = Value.ForString("s3cr3t"),
                                },
                            }),
                        },
                    }),
                },
            }),
        },
    };

    public static DesiredConnection Desired(string name, string username = "demo-user") => new(
        name, "Mixpanel events", new ConnectionSpecRef(MixpanelSpecId, "1.0"), "Basic Authentication",
        new JsonObject { ["host"] = "https://data.mixpanel.com", ["username"] = username, ["password"] = "s3cr3t" });

    /// <summary>A definitions file with <paramref name="count"/> connections, every one with a secret reference.</summary>
    public static string DefinitionsYaml(int count)
    {
        var yaml = new StringBuilder("connections:\n");
        for (var i = 0; i < count; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                  mixpanel-{i:D4}:
                    name: Mixpanel base connection {i}
                    description: Mixpanel events exported for Experience Platform ingestion
                    source: mixpanel
                    auth:
                      specName: Basic Authentication
                      params:
                        host: https://data.mixpanel.com
                        username: mixpanel-service-account-{i}
                        password: {"{"} secret: mixpanelPassword {"}"}

                """);
        }
        return yaml.ToString();
    }
}
