using LifeTimeCircle.Domain;
using Microsoft.AspNetCore.Identity;

namespace LifeTimeCircle.Data;

/// <summary>An account. Identity comes only from ASP.NET Identity; the role is an Identity role.</summary>
public sealed class AppUser : IdentityUser
{
    public AccountKind AccountKind { get; set; }
    public BusinessType? BusinessType { get; set; }
    public string? BusinessName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Pending from a Gewerblich registration until an admin approves (dealer role) or rejects it.</summary>
    public BusinessStatus BusinessStatus { get; set; }
    public DateTimeOffset? BusinessReviewedAt { get; set; }

    /// <summary>Soft delete by an admin (issue 19 item 5): no sign-in (LtcSignInManager), sessions ended by a new stamp; restorable.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
    public string? DeletedBy { get; set; }
    public SoftDeleteReason? DeleteReason { get; set; }
    public string? DeleteComment { get; set; }

    /// <summary>
    /// The RFC 6238 time step of the last accepted authenticator code; a code of this or an earlier step is refused.
    /// Written only by the conditional UPDATE in <c>TotpTokenProvider</c>, never by Identity's whole-entity updates.
    /// </summary>
    public long? LastTotpStep { get; private set; }
}
