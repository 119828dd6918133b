using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Provisioner.Emulator.Ims;

/// <summary>Who a bearer token belongs to; becomes createdBy/createdClient on writes.</summary>
internal sealed record TokenPrincipal(string ClientId, string UserId);

/// <summary>
/// Issues IMS access tokens and checks them on every Flow Service request. Expiry is judged with the options'
/// <see cref="TimeProvider"/>, so tests can age tokens with a fake clock instead of waiting.
/// </summary>
internal sealed class TokenIssuer(EmulatorOptions options)
{
    private readonly ConcurrentDictionary<string, (TokenPrincipal Principal, DateTimeOffset ExpiresAt)> _issued = new(StringComparer.Ordinal);

    public (string Token, TimeSpan Lifetime) Issue(string clientId)
    {
        // Random, URL-safe and recognisable; never derived from the secret.
        var token = "emu." + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var principal = new TokenPrincipal(clientId, $"{clientId}@AdobeID");
        _issued[token] = (principal, options.TimeProvider.GetUtcNow() + options.TokenLifetime);
        return (token, options.TokenLifetime);
    }

    /// <summary>The principal of a valid token; null when unknown or expired.</summary>
    public TokenPrincipal? Validate(string token)
    {
        if (options.StaticTokens.Contains(token))
        {
            // A user's token: service tokens have createdBy == createdClient, user tokens show the user.
            return new TokenPrincipal(options.ClientId, "emulator-user@AdobeID");
        }

        if (!_issued.TryGetValue(token, out var entry)) return null;
        if (options.TimeProvider.GetUtcNow() < entry.ExpiresAt) return entry.Principal;
        _issued.TryRemove(token, out _);
        return null;
    }

    /// <summary>Invalidates every issued token (not static ones): the next call gets 401013, as after expiry.</summary>
    public void RevokeAll() => _issued.Clear();
}
