namespace Provisioner.FlowService.Configuration;

/// <summary>
/// Credentials travel on every request, so plain http is allowed only where nobody else can listen: loopback
/// (127.0.0.0/8, ::1, <c>localhost</c>), i.e. the local emulator.
/// </summary>
internal static class TransportGuard
{
    /// <summary>Returns why <paramref name="uri"/> is not an acceptable endpoint, or <c>null</c> when it is.</summary>
    public static string? Check(string setting, Uri? uri)
    {
        if (uri is null)
        {
            return $"{setting} is not set.";
        }

        if (!uri.IsAbsoluteUri)
        {
            return $"{setting} must be an absolute URL such as https://platform.adobe.io.";
        }

        // The URL itself would be echoed in errors; credentials in it would leak, so refuse without printing it.
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"{setting} must not carry user information (user:password@) in the URL.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return IsLoopback(uri)
                ? null
                : $"{setting} '{uri}' uses plain http; use https (plain http is only accepted for loopback hosts: 127.0.0.0/8, ::1, localhost).";
        }

        return $"{setting} '{uri}' has scheme '{uri.Scheme}'; only https (or http on loopback) is supported.";
    }

    public static bool IsLoopback(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address);
        }

        return string.Equals(uri.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);
    }
}
