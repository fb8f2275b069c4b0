using System.Globalization;
using System.Security.Cryptography;
using LifeTimeCircle.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>
/// The authenticator-app check (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) behind every TOTP prompt: sign-in,
/// step-up, switching two-factor on and off. It replaces Identity's own provider under the same name and reads the
/// injected clock. Like Identity's, it accepts codes from two steps before to two steps after now (clock drift).
/// A code is accepted once: the matching step must be later than the account's last accepted step, and recording
/// it is one conditional UPDATE whose affected-row count decides, so two requests with the same code cannot both pass.
/// </summary>
public sealed class TotpTokenProvider(AppDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    public const int StepSeconds = 30;
    public const int WindowSteps = 2;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code comes from the person's app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || MatchingStep(key, token, clock.GetUtcNow()) is not { } step) return false;
        var recorded = await db.Users
            .Where(u => u.Id == user.Id && (u.LastTotpStep == null || u.LastTotpStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, (long?)step));
        return recorded == 1;
    }

    /// <summary>The time step within the window whose code is <paramref name="token"/> (the latest one if several match), or null.</summary>
    public static long? MatchingStep(string base32Key, string token, DateTimeOffset now)
    {
        if (token.Length != 6 || !token.All(char.IsAsciiDigit)) return null;
        var keyBytes = FromBase32(base32Key);
        if (keyBytes.Length == 0) return null;
        var current = now.ToUnixTimeSeconds() / StepSeconds;
        long? matched = null;
        for (var step = current - WindowSteps; step <= current + WindowSteps; step++)
        {
            // Every step is computed and compared in constant time, so timing does not reveal which step matched.
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(keyBytes, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                matched = step;
            }
        }
        return matched;
    }

    public static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1.
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(20);
        int buffer = 0, bits = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '=') continue;
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) return [];
            buffer = ((buffer << 5) | value) & 0xFFFF;
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
