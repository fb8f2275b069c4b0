namespace LifeTimeCircle.Domain.Accounts;

/// <summary>
/// A pending account deletion (GDPR Art. 17, issue 19 item 2): asked for at <see cref="RequestedAt"/>, carried out by the
/// job <c>account-deletion</c> once <see cref="DueAt"/> has passed. Until then the owner may cancel, signed in or with the
/// mail's link; the link's token is stored only as a keyed hash and the row disappears on cancellation (single use).
/// </summary>
public sealed class AccountDeletion
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromDays(14);

    private AccountDeletion() { }

    public AccountDeletion(string userId, string cancelTokenHash, DateTimeOffset now)
    {
        UserId = userId;
        CancelTokenHash = cancelTokenHash;
        RequestedAt = now;
        DueAt = now + GracePeriod;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string CancelTokenHash { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>The last time the job found a reason not to delete yet (e.g. the last superadmin); null = never.</summary>
    public DateTimeOffset? BlockedAt { get; private set; }
    public string? BlockedReason { get; private set; }

    public bool IsDueAt(DateTimeOffset now) => now >= DueAt;

    public void Block(string reasonCode, DateTimeOffset now)
    {
        BlockedAt = now;
        BlockedReason = reasonCode;
    }
}
