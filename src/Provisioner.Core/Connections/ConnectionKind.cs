namespace Provisioner.Core.Connections;

/// <summary>Whether a base connection authorises a source (data into Experience Platform) or a destination (data
/// out of it). Both are <c>/connections</c> resources; only the connection spec tells them apart.</summary>
public enum ConnectionKind
{
    Source,
    Destination,
}

public static class ConnectionKinds
{
    /// <summary>The spec's own word: <c>attributes.isDestination: true</c> means a destination (the flag Adobe's
    /// destination specs carry, and the one aepp reads); anything else is a source.</summary>
    public static ConnectionKind Of(ConnectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Attributes?["isDestination"] is System.Text.Json.Nodes.JsonValue flag && flag.TryGetValue<bool>(out var isDestination) && isDestination
            ? ConnectionKind.Destination
            : ConnectionKind.Source;
    }

    /// <summary><c>source</c> or <c>destination</c>: the word the definitions file, outputs and state use.</summary>
    public static string ToWord(this ConnectionKind kind) => kind == ConnectionKind.Destination ? "destination" : "source";

    public static ConnectionKind Parse(string? word) => word == "destination" ? ConnectionKind.Destination : ConnectionKind.Source;
}
