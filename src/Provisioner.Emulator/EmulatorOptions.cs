namespace Provisioner.Emulator;

/// <summary>How an emulator instance behaves. Defaults give an in-memory service on a free loopback port.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Kestrel URLs; port 0 picks a free port. Only loopback is ever used.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>State file (written atomically). <c>null</c> = in-memory only.</summary>
    public string? DataFile { get; set; }

    /// <summary>The one client-credentials pair the IMS endpoint accepts.</summary>
    public string ClientId { get; set; } = "emulator-client-id";
    public string ClientSecret { get; set; } = "emulator-client-secret";

    /// <summary>The org the emulator serves (<c>x-gw-ims-org-id</c> must match).</summary>
    public string OrgId { get; set; } = "EMULATOR00000000000000000@AdobeOrg";

    /// <summary>Known sandboxes; any other <c>x-sandbox-name</c> gets FLOW-2100-404.</summary>
    public IList<string> Sandboxes { get; } = ["prod", "dev"];

    /// <summary>Lifetime of issued tokens (<c>expires_in</c>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Extra static bearer tokens accepted without an IMS exchange (a user's "accessToken").</summary>
    public IList<string> StaticTokens { get; } = [];

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
