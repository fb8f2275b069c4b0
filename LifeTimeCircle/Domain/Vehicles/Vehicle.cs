using System.Security.Cryptography;

namespace LifeTimeCircle.Domain.Vehicles;

public enum VehicleClass { Alltag, Sport, Luxus, Hypercar, Nutzfahrzeug }

public enum AccidentStatus { Unbekannt, Unfallfrei, NichtUnfallfrei }

public enum VehicleCollection { Sammlung, Flotte, OldtimerLiebhaber, MilitariaSammlung }

public static class VehicleTexts
{
    public static string Class(VehicleClass c) => c.ToString();

    public static string Accident(AccidentStatus a) => a switch
    {
        AccidentStatus.Unfallfrei => "Unfallfrei",
        AccidentStatus.NichtUnfallfrei => "Nicht unfallfrei",
        _ => "Unbekannt",
    };

    public static string Collection(VehicleCollection c) => c switch
    {
        VehicleCollection.OldtimerLiebhaber => "Oldtimer/Liebhaber",
        VehicleCollection.MilitariaSammlung => "Militaria-Sammlung",
        _ => c.ToString(),
    };
}

/// <summary>Unguessable identifiers for URLs (128 bits from a CSPRNG, base64url, 22 characters).</summary>
public static class PublicIds
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool LooksValid(string? id) => id is { Length: 22 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>A vehicle and its owner. The full VIN is only ever stored encrypted (the caller encrypts).</summary>
public sealed class Vehicle
{
    private Vehicle() { }

    public Vehicle(string ownerId, Vin vin, string vinCipher, string vinHmac, VehicleDetails details, DateTimeOffset now)
    {
        vin.CheckBuildYear(details.BuildYear);
        PublicId = PublicIds.New();
        OwnerId = ownerId;
        VinCipher = vinCipher;
        VinHmac = vinHmac;
        VinMasked = vin.Masked;
        VinCheckDigitMismatch = vin.CheckDigitMismatch;
        CreatedAt = now;
        Apply(details, now);
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public string OwnerId { get; private set; } = "";
    public string VinCipher { get; private set; } = "";
    public string VinHmac { get; private set; } = "";

    /// <summary>After a rotation of the server secret the duplicate-detection hash is computed again (<c>rehash-vins</c>).</summary>
    public bool Rehash(string vinHmac)
    {
        if (VinHmac == vinHmac) return false;
        VinHmac = vinHmac;
        return true;
    }
    public string VinMasked { get; private set; } = "";
    public bool VinCheckDigitMismatch { get; private set; }
    public string Make { get; private set; } = "";
    public string Model { get; private set; } = "";
    public int? BuildYear { get; private set; }
    public VehicleClass Class { get; private set; }

    /// <summary>Coarse engine from the list (shown on the mini-check and in listings).</summary>
    public EngineType? Engine { get; private set; }

    /// <summary>Coarse drive from the list.</summary>
    public DriveLayout? Drive { get; private set; }

    /// <summary>The owner's own note on engine and drive („2.0 TDI 110 kW“): private, never public or in a listing.</summary>
    public string? EngineNote { get; private set; }

    /// <summary>
    /// Free text of the engine/drive field before issue 22 (column <c>EngineDrive</c>). Moved once at start-up by
    /// <see cref="AdoptLegacyEngineDrive"/>; null afterwards, never written by the app.
    /// </summary>
    public string? LegacyEngineDrive { get; private set; }
    public string? Nickname { get; private set; }
    public AccidentStatus AccidentStatus { get; private set; }

    /// <summary>
    /// The owner's own checkbox „Unfall vollständig behoben und dokumentiert“ from before the Unfall-Trust folder (column
    /// <c>AccidentTrustCompleted</c>). Counts only while <see cref="AccidentFolderOpenedAt"/> is null; cleared when the
    /// folder is opened or the status leaves „Nicht unfallfrei“; never set by the app any more (ADR 0023).
    /// </summary>
    public bool LegacyAccidentTrustCompleted { get; private set; }

    /// <summary>When the owner saved the first damage event: from then on only the folder decides the accident trust.</summary>
    public DateTimeOffset? AccidentFolderOpenedAt { get; private set; }

    /// <summary>The first damage event opens the folder; the old self-declaration stops counting for good.</summary>
    public void OpenAccidentFolder(DateTimeOffset now)
    {
        if (AccidentFolderOpenedAt is not null) return;
        AccidentFolderOpenedAt = now;
        LegacyAccidentTrustCompleted = false;
        UpdatedAt = now;
    }
    public bool HasPhysicalServiceBook { get; private set; }
    public VehicleCollection? Collection { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Apply(VehicleDetails d, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(d.Make)) throw new DomainException("Bitte geben Sie die Marke an.", "Make");
        if (string.IsNullOrWhiteSpace(d.Model)) throw new DomainException("Bitte geben Sie das Modell an.", "Model");
        if (d.BuildYear is { } y && (y < 1885 || y > now.Year + 1)) throw new DomainException($"Das Baujahr muss zwischen 1885 und {now.Year + 1} liegen.", "BuildYear");
        Make = d.Make.Trim();
        Model = d.Model.Trim();
        BuildYear = d.BuildYear;
        Class = d.Class;
        Engine = d.Engine;
        Drive = d.Drive;
        EngineNote = string.IsNullOrWhiteSpace(d.EngineNote) ? null : d.EngineNote.Trim();
        Nickname = string.IsNullOrWhiteSpace(d.Nickname) ? null : d.Nickname.Trim();
        AccidentStatus = d.AccidentStatus;
        if (d.AccidentStatus != AccidentStatus.NichtUnfallfrei) LegacyAccidentTrustCompleted = false;
        HasPhysicalServiceBook = d.HasPhysicalServiceBook;
        Collection = d.Collection;
        UpdatedAt = now;
    }

    public string DisplayName => Nickname ?? $"{Make} {Model}";

    /// <summary>
    /// The one-time move of the old free text (issue 22): the closest coarse value (or Sonstiges), the text itself kept as
    /// the owner's private note. Idempotent: nothing happens once the legacy text is gone.
    /// </summary>
    public bool AdoptLegacyEngineDrive()
    {
        if (LegacyEngineDrive is null) return false;
        var text = LegacyEngineDrive.Trim();
        LegacyEngineDrive = null;
        if (text.Length == 0) return true;
        var (engine, drive) = EngineDriveTexts.Classify(text);
        Engine ??= engine;
        Drive ??= drive;
        EngineNote ??= text;
        return true;
    }

    /// <summary>Token of the public mini-check link <c>/q/{token}</c> (128 bits, CSPRNG); null = not shared.</summary>
    public string? ShareToken { get; private set; }

    public void EnableShare()
    {
        ShareToken ??= PublicIds.New();
    }

    /// <summary>A new token; the old link stops working at once.</summary>
    public void RotateShare() => ShareToken = PublicIds.New();

    public void DisableShare() => ShareToken = null;

    /// <summary>Soft delete by an admin (issue 19 item 5): hidden from every query (global filter), restorable.</summary>
    public DateTimeOffset? DeletedAt { get; private set; }
    public string? DeletedBy { get; private set; }
    public SoftDeleteReason? DeleteReason { get; private set; }
    public string? DeleteComment { get; private set; }

    public void SoftDelete(SoftDeleteReason reason, string? comment, string adminId, DateTimeOffset now)
    {
        var text = SoftDeletes.Comment(comment);
        if (DeletedAt is not null) throw new DomainException("Das Fahrzeug ist bereits entfernt.");
        DeletedAt = now;
        DeletedBy = adminId;
        DeleteReason = reason;
        DeleteComment = text;
        UpdatedAt = now;
    }

    public void Restore(DateTimeOffset now)
    {
        if (DeletedAt is null) throw new DomainException("Das Fahrzeug ist nicht entfernt.");
        DeletedAt = null;
        DeletedBy = null;
        DeleteReason = null;
        DeleteComment = null;
        UpdatedAt = now;
    }

    /// <summary>Since when the current owner holds the vehicle; null = since it was registered (no handover yet).</summary>
    public DateTimeOffset? OwnedSince { get; private set; }

    /// <summary>
    /// The handover (SPEC §9): the vehicle with its whole history belongs to <paramref name="newOwnerId"/> from now on.
    /// A shared public mini-check link gets a new token, so the seller's printed QR codes stop working.
    /// </summary>
    public void TransferTo(string newOwnerId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(newOwnerId)) throw new ArgumentException("Neuer Besitzer fehlt.", nameof(newOwnerId));
        if (newOwnerId == OwnerId) throw new DomainException("Das Fahrzeug gehört bereits zu diesem Konto.");
        OwnerId = newOwnerId;
        OwnedSince = now;
        if (ShareToken is not null) RotateShare();
        UpdatedAt = now;
    }

    /// <summary>
    /// Whether something written by <paramref name="authorId"/> at <paramref name="writtenAt"/> belongs to an earlier
    /// ownership („Vorbesitz“): another author, or written before the current owner took the vehicle over.
    /// </summary>
    public static bool IsPreviousOwnership(string authorId, DateTimeOffset writtenAt, string ownerId, DateTimeOffset? ownedSince) =>
        authorId != ownerId || (ownedSince is { } since && writtenAt < since);
}

public sealed record VehicleDetails(string Make, string Model, int? BuildYear, VehicleClass Class, EngineType? Engine, DriveLayout? Drive,
    string? EngineNote, string? Nickname,
    AccidentStatus AccidentStatus, bool HasPhysicalServiceBook, VehicleCollection? Collection);

/// <summary>Extra vehicle slots granted to an account beyond its plan (SPEC §1 paywall).</summary>
/// <summary>What an entitlement grants: extra vehicles on the free plan, or the VIP plan (the account's role becomes vip).</summary>
public enum EntitlementKind { ExtraVehicles, Vip }

/// <summary>
/// A plan grant by an admin (issue 19 item 1): extra vehicles or VIP, with a reason, optionally until a date. It counts
/// while it has not ended; the hourly job <c>entitlement-expiry</c> ends it after <see cref="EndsAt"/>, an admin may
/// revoke it earlier. Rows stay as history.
/// </summary>
public sealed class Entitlement
{
    public const int MaxReasonLength = 200;

    private Entitlement() { }

    public Entitlement(string userId, int extraVehicles, string grantedBy, string reason, DateTimeOffset now)
        : this(userId, EntitlementKind.ExtraVehicles, extraVehicles, grantedBy, reason, now, null)
    {
    }

    public Entitlement(string userId, EntitlementKind kind, int extraVehicles, string grantedBy, string reason, DateTimeOffset now, DateTimeOffset? endsAt)
    {
        if (kind == EntitlementKind.ExtraVehicles && extraVehicles is < 1 or > 100) throw new DomainException("Zwischen 1 und 100 zusätzliche Fahrzeuge.", "ExtraVehicles");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Bitte geben Sie einen Grund an.", "Reason");
        if (reason.Trim().Length > MaxReasonLength) throw new DomainException($"Der Grund darf höchstens {MaxReasonLength} Zeichen lang sein.", "Reason");
        if (endsAt is { } end && end <= now) throw new DomainException("Das Enddatum muss in der Zukunft liegen.", "EndsOn");
        UserId = userId;
        Kind = kind;
        ExtraVehicles = kind == EntitlementKind.Vip ? 0 : extraVehicles;
        GrantedBy = grantedBy;
        Reason = reason.Trim();
        CreatedAt = now;
        EndsAt = endsAt;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public EntitlementKind Kind { get; private set; }
    public int ExtraVehicles { get; private set; }
    public string GrantedBy { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Planned end (the grant counts until the expiry job ends it); null = until revoked.</summary>
    public DateTimeOffset? EndsAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    /// <summary>The admin who revoked it, or null when it ran out.</summary>
    public string? EndedBy { get; private set; }
    public string? EndReason { get; private set; }

    public bool IsActive => EndedAt is null;

    public void Revoke(string by, string reason, DateTimeOffset now)
    {
        if (!IsActive) throw new DomainException("Diese Freischaltung ist bereits beendet.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Bitte geben Sie einen Grund an.", "RevokeReason");
        if (reason.Trim().Length > MaxReasonLength) throw new DomainException($"Der Grund darf höchstens {MaxReasonLength} Zeichen lang sein.", "RevokeReason");
        EndedAt = now;
        EndedBy = by;
        EndReason = reason.Trim();
    }

    /// <summary>The end date passed (expiry job).</summary>
    public bool Expire(DateTimeOffset now)
    {
        if (!IsActive || EndsAt is not { } end || end > now) return false;
        EndedAt = now;
        return true;
    }
}

public static class Paywall
{
    public const int FreeVehicles = 1;

    /// <summary>Vehicles a role may own; null = unlimited.</summary>
    public static int? Limit(IEnumerable<string> roles, int extraVehicles, bool vipGranted = false) =>
        vipGranted || roles.Any(r => r is Roles.Vip or Roles.Dealer or Roles.Admin or Roles.Superadmin) ? null : FreeVehicles + extraVehicles;
}

/// <summary>The owner's own note on a to-do (a trust reason) of a vehicle.</summary>
public sealed class TodoNote
{
    private TodoNote() { }

    public TodoNote(long vehicleId, string code, string note, DateTimeOffset now)
    {
        VehicleId = vehicleId;
        Code = code;
        Update(note, now);
    }

    public long Id { get; private set; }
    public long VehicleId { get; private set; }
    public string Code { get; private set; } = "";
    public string Note { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(string note, DateTimeOffset now)
    {
        if (note.Length > 500) throw new DomainException("Die Notiz darf höchstens 500 Zeichen lang sein.", "Note");
        Note = note.Trim();
        UpdatedAt = now;
    }
}
