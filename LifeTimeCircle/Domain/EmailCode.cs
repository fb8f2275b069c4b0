namespace LifeTimeCircle.Domain;

public enum EmailCodePurpose
{
    VerifyEmail,
    ResetPassword,
}

/// <summary>
/// A 6-digit code sent by e-mail. Only a keyed hash is stored. Valid for a limited time and a
/// limited number of wrong tries; after that a new code is needed (SPEC §2).
/// </summary>
public sealed class EmailCode
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private EmailCode() { }

    public EmailCode(string userId, EmailCodePurpose purpose, string codeHash, DateTimeOffset now)
    {
        UserId = userId;
        Purpose = purpose;
        CodeHash = codeHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public EmailCodePurpose Purpose { get; private set; }
    public string CodeHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public int FailedAttempts { get; private set; }
    public DateTimeOffset? ConsumedAt { get; private set; }

    public bool IsUsable(DateTimeOffset now) => ConsumedAt is null && now < ExpiresAt && FailedAttempts < MaxFailedAttempts;

    /// <summary>Checks a candidate hash; counts a wrong try; consumes the code on success.</summary>
    public bool TryConsume(string candidateHash, DateTimeOffset now)
    {
        if (!IsUsable(now)) return false;
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(candidateHash), System.Text.Encoding.ASCII.GetBytes(CodeHash)))
        {
            FailedAttempts++;
            return false;
        }
        ConsumedAt = now;
        return true;
    }

    public void Invalidate(DateTimeOffset now) => ConsumedAt ??= now;
}
