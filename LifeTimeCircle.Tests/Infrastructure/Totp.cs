using System.Security.Cryptography;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>
/// RFC 6238 TOTP as an authenticator app computes it (SHA-1, 30 s, 6 digits). The server checks codes against the
/// fake clock (<c>factory.Clock</c>) and accepts each time step once; a test that needs a second code while the fake
/// clock stands still takes a later step with <see cref="Later"/> (the server accepts up to two steps ahead).
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;

    /// <summary>The code <paramref name="steps"/> time steps after <paramref name="now"/>.</summary>
    public static string Later(string base32Key, DateTimeOffset now, int steps = 1) => Compute(base32Key, now.AddSeconds(StepSeconds * steps));

    public static string Compute(string base32Key, DateTimeOffset now)
    {
        var key = FromBase32(base32Key);
        var counter = now.ToUnixTimeSeconds() / 30;
        var bytes = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) Array.Reverse(bytes);
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1.
        var hash = HMACSHA1.HashData(key, bytes);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = input.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }
}
