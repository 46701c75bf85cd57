using System.Text;
using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Http;

namespace Audit.Api.Auth;

/// <summary>
/// Finds the key in the forms shippers send: <c>Authorization: ApiKey &lt;key&gt;</c>,
/// <c>ApiKey base64(id:key)</c> (what Beats send for <c>api_key: id:key</c>),
/// <c>Basic base64(user:key)</c> (rsyslog's uid/pwd), <c>Bearer &lt;key&gt;</c> (Prometheus) and <c>X-Api-Key: &lt;key&gt;</c>.
/// </summary>
public static class ApiKeyExtractor
{
    public static bool TryExtract(IHeaderDictionary headers, out string key)
    {
        key = "";
        if (headers.TryGetValue("X-Api-Key", out var direct) && !string.IsNullOrWhiteSpace(direct.ToString()))
        {
            key = direct.ToString().Trim();
            return true;
        }

        var auth = headers.Authorization.ToString();
        if (auth.StartsWith("ApiKey ", StringComparison.OrdinalIgnoreCase))
        {
            var value = auth[7..].Trim();
            if (value.Length == 0) return false;
            key = value.StartsWith(ApiKeyStore.KeyPrefix, StringComparison.Ordinal) ? value : SecondPart(value) ?? value;
            return true;
        }

        // What Prometheus and most HTTP clients send for a token.
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && auth[7..].Trim() is { Length: > 0 } bearer)
        {
            key = bearer;
            return true;
        }

        if (auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && SecondPart(auth[6..].Trim()) is { Length: > 0 } password)
        {
            key = password;
            return true;
        }

        return false;
    }

    /// <summary>The part after the first colon of a base64 "a:b" value, or null when it is not one.</summary>
    private static string? SecondPart(string base64)
    {
        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(base64, buffer, out var written)) return null;
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : decoded[(colon + 1)..];
    }
}
