namespace LifeTimeCircle.Domain.Accounts;

public enum ModeratorInviteState { Eingeladen, Angenommen, Zurueckgezogen }

/// <summary>
/// An invitation to the editorial desk (SPEC §10 „Moderator-Akkreditierung“, docs/adr/0018-administration.md): an admin
/// invites an address; the mail carries a one-time code (stored as its keyed hash only) that is valid for
/// <see cref="ValidDays"/> days. Accepting needs the account with exactly that address and TOTP switched on; only then
/// does the account get the role moderator. A newer invitation to the same address replaces an open one.
/// </summary>
public sealed class ModeratorInvite
{
    public const int ValidDays = 7;
    public const int MaxOpen = 20;

    private ModeratorInvite() { }

    public ModeratorInvite(string email, string codeHash, string invitedBy, DateTimeOffset now)
    {
        PublicId = Vehicles.PublicIds.New();
        Email = email.Trim();
        EmailKey = KeyOf(email);
        CodeHash = codeHash;
        InvitedBy = invitedBy;
        InvitedAt = now;
        ExpiresAt = now.AddDays(ValidDays);
        State = ModeratorInviteState.Eingeladen;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public string Email { get; private set; } = "";
    /// <summary>The address as Identity normalises it (upper case), to compare with <c>NormalizedEmail</c>.</summary>
    public string EmailKey { get; private set; } = "";
    public string CodeHash { get; private set; } = "";
    public string InvitedBy { get; private set; } = "";
    public DateTimeOffset InvitedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public ModeratorInviteState State { get; private set; }
    public string? UserId { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndedBy { get; private set; }

    public bool IsOpenAt(DateTimeOffset now) => State == ModeratorInviteState.Eingeladen && ExpiresAt > now;

    public static string KeyOf(string email) => email.Trim().ToUpperInvariant();

    /// <summary>Used once: the account became a moderator.</summary>
    public void Accept(string userId, DateTimeOffset now)
    {
        if (!IsOpenAt(now)) throw new DomainException("Diese Einladung ist nicht mehr gültig.");
        State = ModeratorInviteState.Angenommen;
        UserId = userId;
        EndedAt = now;
    }

    /// <summary>Withdrawn by an admin or replaced by a newer invitation. False when it was no longer open.</summary>
    public bool Withdraw(string by, DateTimeOffset now)
    {
        if (State != ModeratorInviteState.Eingeladen) return false;
        State = ModeratorInviteState.Zurueckgezogen;
        EndedBy = by;
        EndedAt = now;
        return true;
    }
}
