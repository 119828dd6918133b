namespace Provisioner.FlowService.Tests.Support;

/// <summary>The seed's Mixpanel connection (reference §1.3), used across tests.</summary>
public static class Samples
{
    public const string MixpanelSpecId = "fd2c8ff3-1de0-4f6b-8fa8-4264784870eb";

    public static CreateConnectionRequest Mixpanel(string name = "Mixpanel base connection", string password = "mixpanel-password") =>
        new(name, "Mixpanel events for the marketing sandbox", new ConnectionSpecRef(MixpanelSpecId, "1.0"),
            new ConnectionAuth("Basic Authentication", new JsonObject
            {
                ["host"] = "https://data.mixpanel.com",
                ["username"] = "mixpanel-user",
                ["password"] = password,
            }));
}
