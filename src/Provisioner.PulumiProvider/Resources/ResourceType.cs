namespace Provisioner.PulumiProvider.Resources;

/// <summary>The type token of a request: the <c>type</c> field (newer engines) or the last part of the URN's type
/// (<c>urn:pulumi:stack::project::parent$aep:flowservice:BaseConnection::name</c>).</summary>
public static class ResourceType
{
    public static string Of(string? type, string? urn)
    {
        if (!string.IsNullOrEmpty(type))
        {
            return type;
        }
        var parts = (urn ?? "").Split("::");
        if (parts.Length < 4)
        {
            return "";
        }
        var qualified = parts[2];
        var dollar = qualified.LastIndexOf('$');
        return dollar < 0 ? qualified : qualified[(dollar + 1)..];
    }
}
