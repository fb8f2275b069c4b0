using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Workshops;

/// <summary>How long an owner lets a workshop in: one visit (30 days) or until revoked.</summary>
public enum GrantDuration { Besuch, Dauerhaft }

/// <summary>
/// An owner's permission for one business on one vehicle (issue 16 item 3): the business may see the vehicle as a
/// „Kundenfahrzeug“ (make, model, masked VIN, the display name the owner chose) and propose entries. Ends after 30 days
/// for a visit, or when the owner revokes it; an ended grant is kept as history and never reopens.
/// </summary>
public sealed class WorkshopGrant
{
    public const int VisitDays = 30;
    public const int MaxCustomerNameLength = 60;

    private WorkshopGrant() { }

    public WorkshopGrant(long vehicleId, long businessId, string grantedBy, string customerName, GrantDuration duration, DateTimeOffset now, bool mayUploadInvoices = false)
    {
        var name = string.Join(' ', (customerName ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0) throw new DomainException("Bitte geben Sie an, unter welchem Namen die Werkstatt Sie sieht.", "CustomerName");
        if (name.Length > MaxCustomerNameLength) throw new DomainException($"Höchstens {MaxCustomerNameLength} Zeichen.", "CustomerName");
        if (name.Any(char.IsControl)) throw new DomainException("Bitte verwenden Sie keine Steuerzeichen.", "CustomerName");
        if (!Enum.IsDefined(duration)) throw new DomainException("Bitte wählen Sie die Dauer.", "Duration");
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        BusinessId = businessId;
        GrantedBy = grantedBy;
        CustomerName = name;
        Duration = duration;
        GrantedAt = now;
        ExpiresAt = duration == GrantDuration.Besuch ? now.AddDays(VisitDays) : null;
        MayUploadInvoices = mayUploadInvoices;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public long BusinessId { get; private set; }
    public string GrantedBy { get; private set; } = "";
    /// <summary>What the workshop sees instead of the owner's name or address (chosen by the owner).</summary>
    public string CustomerName { get; private set; } = "";
    public GrantDuration Duration { get; private set; }
    public DateTimeOffset GrantedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    /// <summary>The owner allowed the workshop to attach invoices to its proposals (proposing entries is every grant's base).</summary>
    public bool MayUploadInvoices { get; private set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    /// <summary>Ends the grant now; false when it had already ended.</summary>
    public bool Revoke(DateTimeOffset now)
    {
        if (!IsActiveAt(now)) return false;
        RevokedAt = now;
        return true;
    }
}
