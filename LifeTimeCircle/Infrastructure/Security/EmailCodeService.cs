using System.Security.Cryptography;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>Issues and checks 6-digit e-mail codes; stores only a keyed hash.</summary>
public sealed class EmailCodeService(AppDbContext db, LtcEnvironment env, TimeProvider clock)
{
    /// <summary>Creates a new code (older open codes of the same purpose stop working) and returns it for the mail.</summary>
    public async Task<string> IssueAsync(string userId, EmailCodePurpose purpose, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = await db.EmailCodes.Where(c => c.UserId == userId && c.Purpose == purpose && c.ConsumedAt == null).ToListAsync(ct);
        foreach (var c in open) c.Invalidate(now);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        db.EmailCodes.Add(new EmailCode(userId, purpose, Hash(userId, purpose, code), now));
        await db.SaveChangesAsync(ct);
        return code;
    }

    /// <summary>True when the code matches the newest usable code; a wrong code counts as a failed try.</summary>
    public async Task<bool> CheckAsync(string userId, EmailCodePurpose purpose, string? code, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var latest = await db.EmailCodes
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.ConsumedAt == null)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(ct);
        if (latest is null) return false;
        var normalized = new string((code ?? "").Where(char.IsDigit).ToArray());
        var ok = normalized.Length == 6 && latest.TryConsume(Hash(userId, purpose, normalized), now);
        if (!ok && normalized.Length != 6 && latest.IsUsable(now))
        {
            // A malformed code is a wrong try too.
            latest.TryConsume("-", now);
        }
        await db.SaveChangesAsync(ct);
        return ok;
    }

    private string Hash(string userId, EmailCodePurpose purpose, string code) => env.Hmac("code:" + purpose, userId + ":" + code);
}
