namespace LifeTimeCircle.Domain;

public enum EmailCodePurpose
{
    VerifyEmail,
    ResetPassword,
}

/// <summary>What a registration chose (password hash, account kind, business); applied only when its code proves the address.</summary>
public sealed record RegistrationChoice(string PasswordHash, AccountKind Kind, BusinessType? BusinessType, string? BusinessName);

/// <summary>
/// A 6-digit code sent by e-mail. Only a keyed hash is stored. Valid for a limited time and a limited number of
/// wrong tries; after that a new code is needed (SPEC §2). A registration code is bound to the browser flow that
/// asked for it (<see cref="FlowHash"/>) and carries that flow's <see cref="RegistrationChoice"/>: whoever proves the
/// address with it gets the password chosen in the same flow, never one chosen elsewhere.
/// Wrong tries are counted by the database with a conditional update (see EmailCodeService), never read-modify-write.
/// </summary>
public sealed class EmailCode
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    /// <summary>Per account and purpose: at most this many codes are issued within <see cref="AccountWindow"/>.</summary>
    public const int MaxIssuedPerAccount = 5;
    /// <summary>Per account and purpose: after this many wrong tries within <see cref="AccountWindow"/> every check fails.</summary>
    public const int MaxFailedPerAccount = 10;
    public static readonly TimeSpan AccountWindow = TimeSpan.FromHours(1);
    /// <summary>Per account and purpose: after this many wrong tries within <see cref="AccountDay"/> every check fails (a long-term ceiling).</summary>
    public const int MaxFailedPerAccountPerDay = 20;
    public static readonly TimeSpan AccountDay = TimeSpan.FromHours(24);

    private EmailCode() { }

    public EmailCode(string userId, EmailCodePurpose purpose, string codeHash, DateTimeOffset now, string? flowHash = null, RegistrationChoice? choice = null)
    {
        UserId = userId;
        Purpose = purpose;
        CodeHash = codeHash;
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
        FlowHash = flowHash;
        PendingPasswordHash = choice?.PasswordHash;
        PendingAccountKind = choice?.Kind;
        PendingBusinessType = choice?.BusinessType;
        PendingBusinessName = choice?.BusinessName;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public EmailCodePurpose Purpose { get; private set; }
    public string CodeHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public int FailedAttempts { get; private set; }
    public DateTimeOffset? ConsumedAt { get; private set; }
    public string? FlowHash { get; private set; }
    public string? PendingPasswordHash { get; private set; }
    public AccountKind? PendingAccountKind { get; private set; }
    public BusinessType? PendingBusinessType { get; private set; }
    public string? PendingBusinessName { get; private set; }

    public RegistrationChoice? Choice => PendingPasswordHash is null || PendingAccountKind is null
        ? null
        : new RegistrationChoice(PendingPasswordHash, PendingAccountKind.Value, PendingBusinessType, PendingBusinessName);

    public bool IsUsable(DateTimeOffset now) => ConsumedAt is null && now < ExpiresAt && FailedAttempts < MaxFailedAttempts;

    public void Invalidate(DateTimeOffset now) => ConsumedAt ??= now;
}
