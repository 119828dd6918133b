namespace Provisioner.FlowService.Http;

/// <summary>Where the Flow Service lives under a gateway endpoint, and how a <c>_links.next.href</c> maps onto it.</summary>
internal static class FlowServiceEndpoints
{
    /// <summary><c>https://platform.adobe.io</c> → <c>https://platform.adobe.io/data/foundation/flowservice/</c>
    /// (trailing slash, so relative routes append instead of replacing the last segment).</summary>
    public static Uri FlowServiceBase(Uri endpoint) =>
        new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + FlowServiceOptions.FlowServicePath + "/");

    /// <summary>
    /// Resolves a continuation link. Adobe documents it relative to the Flow Service base
    /// (<c>/connections?continuationToken=…</c>); a gateway-rooted or absolute link is accepted too, but only on the
    /// same scheme, host and port: the next request carries the bearer token.
    /// </summary>
    /// <param name="collection">The listed collection: a bare query link (<c>?continuationToken=…</c>) continues it.</param>
    /// <returns>The page's URL, or <c>null</c> when there is no next page.</returns>
    /// <exception cref="InvalidOperationException">The link points elsewhere.</exception>
    public static Uri? ResolveNext(Uri flowServiceBase, string? href, FlowCollection collection)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        href = href.Trim();
        if (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var absolute = new Uri(href);
            if (Uri.Compare(absolute, flowServiceBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new InvalidOperationException("the next-page link points to a different host; the client does not send credentials there");
            }

            return absolute;
        }

        if (href.StartsWith(flowServiceBase.AbsolutePath, StringComparison.Ordinal))
        {
            return new Uri(flowServiceBase, href);
        }

        if (href.StartsWith('?'))
        {
            return new Uri(new Uri(flowServiceBase, collection.Path), href);
        }

        return new Uri(flowServiceBase, href.TrimStart('/'));
    }
}
