using System.Security.Cryptography;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Security;

/// <summary>
/// Issues and checks 6-digit e-mail codes; stores only a keyed hash. Limits per account as well as per client
/// (the rate limiter): at most <see cref="EmailCode.MaxIssuedPerAccount"/> codes and
/// <see cref="EmailCode.MaxFailedPerAccount"/> wrong tries per account and purpose within an hour. Every try is
/// counted by a conditional UPDATE before the code is compared, so parallel guesses cannot exceed the limit.
/// </summary>
public sealed class EmailCodeService(AppDbContext db, LtcEnvironment env, TimeProvider clock)
{
    /// <summary>
    /// Creates a new code and returns it for the mail, or null when the account has asked for too many codes
    /// within the hour (the caller answers as always; no mail goes out). Older open codes of the same purpose (of
    /// a registration: of the same browser flow) stop working.
    /// </summary>
    public async Task<string?> IssueAsync(string userId, EmailCodePurpose purpose, CancellationToken ct, string? flowHash = null, RegistrationChoice? choice = null)
    {
        var now = clock.GetUtcNow();
        var windowStart = now - EmailCode.AccountWindow;
        var issued = await db.EmailCodes.CountAsync(c => c.UserId == userId && c.Purpose == purpose && c.CreatedAt > windowStart, ct);
        if (issued >= EmailCode.MaxIssuedPerAccount) return null;
        var open = await db.EmailCodes
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.ConsumedAt == null && (flowHash == null || c.FlowHash == flowHash))
            .ToListAsync(ct);
        foreach (var c in open) c.Invalidate(now);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        db.EmailCodes.Add(new EmailCode(userId, purpose, Hash(userId, purpose, code), now, flowHash, choice));
        await db.SaveChangesAsync(ct);
        return code;
    }

    /// <summary>
    /// Checks a code against the newest usable code of the account (of a registration: of this browser flow), and
    /// <paramref name="alsoRequired"/> if given (a wrong answer there is a wrong try too). Returns the consumed code
    /// (with the registration's choice) or null. For an unknown account (null) the same hashing is done and null returned.
    /// </summary>
    public async Task<EmailCode?> CheckAsync(string? userId, EmailCodePurpose purpose, string? code, CancellationToken ct, string? flowHash = null,
        Func<EmailCode, bool>? alsoRequired = null)
    {
        var now = clock.GetUtcNow();
        var normalized = new string((code ?? "").Where(char.IsDigit).ToArray());
        var candidateHash = Hash(userId ?? "unknown", purpose, normalized);
        if (userId is null) return null;
        var windowStart = now - EmailCode.AccountWindow;
        var failedRecently = await db.EmailCodes
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.CreatedAt > windowStart)
            .SumAsync(c => c.FailedAttempts, ct);
        if (failedRecently >= EmailCode.MaxFailedPerAccount) return null;
        var dayStart = now - EmailCode.AccountDay;
        var failedToday = await db.EmailCodes
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.CreatedAt > dayStart)
            .SumAsync(c => c.FailedAttempts, ct);
        if (failedToday >= EmailCode.MaxFailedPerAccountPerDay) return null;
        var latest = await db.EmailCodes.AsNoTracking()
            .Where(c => c.UserId == userId && c.Purpose == purpose && c.ConsumedAt == null && c.ExpiresAt > now
                && c.FailedAttempts < EmailCode.MaxFailedAttempts
                && (purpose != EmailCodePurpose.VerifyEmail || (flowHash != null && c.FlowHash == flowHash)))
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(ct);
        if (latest is null) return null;
        // Reserve the try first: the affected row count decides, so N parallel guesses use up N tries.
        var reserved = await db.EmailCodes
            .Where(c => c.Id == latest.Id && c.ConsumedAt == null && c.FailedAttempts < EmailCode.MaxFailedAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), ct);
        if (reserved == 0) return null;
        var matches = normalized.Length == 6 && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(candidateHash), System.Text.Encoding.ASCII.GetBytes(latest.CodeHash));
        // A registration code also needs the password chosen with it: on a shared browser, a code re-sent for
        // somebody else's registration confirms nothing for a person who does not know that password.
        if (!matches || (alsoRequired is not null && !alsoRequired(latest))) return null;
        // The right code: consume it once (a parallel right guess finds it consumed) and give the try back.
        var consumed = await db.EmailCodes
            .Where(c => c.Id == latest.Id && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.ConsumedAt, now)
                .SetProperty(c => c.FailedAttempts, c => c.FailedAttempts - 1), ct);
        if (consumed == 0) return null;
        // Every other open code of this purpose stops working too (another flow's registration included).
        await db.EmailCodes.Where(c => c.UserId == userId && c.Purpose == purpose && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct);
        return latest;
    }

    /// <summary>The newest registration code of a browser flow (for "Code erneut senden" within the same flow).</summary>
    public Task<EmailCode?> LatestOfFlowAsync(string userId, string flowHash, CancellationToken ct) =>
        db.EmailCodes.AsNoTracking()
            .Where(c => c.UserId == userId && c.Purpose == EmailCodePurpose.VerifyEmail && c.FlowHash == flowHash)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(ct);

    private string Hash(string userId, EmailCodePurpose purpose, string code) => env.Hmac("code:" + purpose, userId + ":" + code);
}
