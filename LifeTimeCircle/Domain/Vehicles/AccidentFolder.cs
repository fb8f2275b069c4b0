namespace LifeTimeCircle.Domain.Vehicles;

/// <summary>What a document proves inside a damage event of the Unfall-Trust folder.</summary>
public enum DamageEvidenceRole { Gutachten, Reparaturrechnung, FotoVorher, FotoNachher }

public static class DamageTexts
{
    public static string Role(DamageEvidenceRole role) => role switch
    {
        DamageEvidenceRole.Gutachten => "Gutachten",
        DamageEvidenceRole.Reparaturrechnung => "Reparaturrechnung",
        DamageEvidenceRole.FotoVorher => "Foto vorher",
        _ => "Foto nachher",
    };

    public static bool IsPhoto(DamageEvidenceRole role) => role is DamageEvidenceRole.FotoVorher or DamageEvidenceRole.FotoNachher;

    /// <summary>
    /// The kind a document must have been uploaded (and reviewed) as to serve in a role: a Gutachten only as „Gutachten“,
    /// a repair invoice only as „Rechnung“, a photo only as „Foto“. Otherwise any approved photo could be linked as the
    /// Gutachten and lift an accident vehicle to Grün (security review 2026-12-03).
    /// </summary>
    public static LifeTimeCircle.Domain.Documents.DocumentKind KindFor(DamageEvidenceRole role) => role switch
    {
        DamageEvidenceRole.Gutachten => LifeTimeCircle.Domain.Documents.DocumentKind.Gutachten,
        DamageEvidenceRole.Reparaturrechnung => LifeTimeCircle.Domain.Documents.DocumentKind.Rechnung,
        _ => LifeTimeCircle.Domain.Documents.DocumentKind.Foto,
    };

    /// <summary>Why a document of <paramref name="kind"/> cannot serve in <paramref name="role"/>, or null when it can.</summary>
    public static string? Misfit(DamageEvidenceRole role, LifeTimeCircle.Domain.Documents.DocumentKind kind, bool isImage) =>
        IsPhoto(role) && (!isImage || kind != KindFor(role))
            ? "Als Foto vorher oder nachher passt nur ein Bild, das als „Foto“ hochgeladen wurde (JPEG, PNG oder WebP). Bitte wählen Sie ein Foto."
            : !IsPhoto(role) && kind != KindFor(role)
                ? $"Als {Role(role)} passt nur ein Dokument, das als „{LifeTimeCircle.Domain.Documents.DocumentTexts.Kind(KindFor(role))}“ hochgeladen und so geprüft wurde."
                : null;
}

/// <summary>One accident or damage of a vehicle in its Unfall-Trust folder (ADR 0023): when, what was damaged, who repaired it.</summary>
public sealed class DamageEvent
{
    public const int MaxDamageLength = 300;
    public const int MaxPerformedByLength = 120;

    private DamageEvent() { }

    public DamageEvent(long vehicleId, DateOnly occurredOn, string damage, string? performedBy, DateOnly today, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        CreatedAt = now;
        Update(occurredOn, damage, performedBy, today, now);
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public DateOnly OccurredOn { get; private set; }
    public string Damage { get; private set; } = "";

    /// <summary>Who repaired it (workshop, body shop, own work); null = not stated.</summary>
    public string? PerformedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(DateOnly occurredOn, string damage, string? performedBy, DateOnly today, DateTimeOffset now)
    {
        if (occurredOn > today) throw new DomainException("Das Datum darf nicht in der Zukunft liegen.", "OccurredOn");
        if (occurredOn.Year < 1885) throw new DomainException("Bitte geben Sie ein Datum ab 1885 an.", "OccurredOn");
        if (string.IsNullOrWhiteSpace(damage)) throw new DomainException("Bitte beschreiben Sie, was beschädigt wurde.", "Damage");
        if (damage.Trim().Length > MaxDamageLength) throw new DomainException($"Höchstens {MaxDamageLength} Zeichen.", "Damage");
        if (performedBy?.Trim().Length > MaxPerformedByLength) throw new DomainException($"Höchstens {MaxPerformedByLength} Zeichen.", "PerformedBy");
        OccurredOn = occurredOn;
        Damage = damage.Trim();
        PerformedBy = string.IsNullOrWhiteSpace(performedBy) ? null : performedBy.Trim();
        UpdatedAt = now;
    }
}

/// <summary>A document of the vehicle linked to a damage event in one role. A document counts only while it is valid evidence.</summary>
public sealed class DamageEvidence
{
    private DamageEvidence() { }

    public DamageEvidence(long vehicleId, long damageEventId, long documentId, DamageEvidenceRole role, DateTimeOffset now)
    {
        VehicleId = vehicleId;
        DamageEventId = damageEventId;
        DocumentId = documentId;
        Role = role;
        LinkedAt = now;
    }

    public long Id { get; private set; }
    public long VehicleId { get; private set; }
    public long DamageEventId { get; private set; }
    public long DocumentId { get; private set; }
    public DamageEvidenceRole Role { get; private set; }
    public DateTimeOffset LinkedAt { get; private set; }
}

/// <summary>Completion („Unfall behoben und dokumentiert“) and evidence of a vehicle's accident trust, as the Trust-Ampel reads them.</summary>
public sealed record AccidentTrustState(bool Completed, bool Evidenced);

/// <summary>
/// The rule of the Unfall-Trust folder (SPEC §6, ADR 0023). Each damage event counts with the roles of its documents that
/// are valid evidence (approved, clean, no open PII, not deleted).
/// <list type="bullet">
/// <item>Completed: the folder holds at least one damage event, and every event has a Gutachten or a Reparaturrechnung
/// and a Foto nachher.</item>
/// <item>Evidenced: completed, and every event's damage is assessed by a Gutachten (without it the light stays Gelb with
/// <c>accident_trust_missing_evidence</c>).</item>
/// </list>
/// A vehicle whose folder was never opened (no damage event saved yet) keeps what it had before the folder existed: the
/// owner's checkbox as completion and any valid Gutachten of the vehicle as evidence.
/// </summary>
public static class AccidentFolder
{
    public static AccidentTrustState Evaluate(bool folderOpened, bool legacyCompleted, bool vehicleHasValidGutachten,
        IReadOnlyCollection<IReadOnlySet<DamageEvidenceRole>> validRolesPerEvent)
    {
        if (!folderOpened) return new AccidentTrustState(legacyCompleted, vehicleHasValidGutachten);
        var completed = validRolesPerEvent.Count > 0 && validRolesPerEvent.All(IsRepairDocumented);
        return new AccidentTrustState(completed, completed && validRolesPerEvent.All(r => r.Contains(DamageEvidenceRole.Gutachten)));
    }

    /// <summary>„Behoben und dokumentiert“ for one event: Gutachten or repair invoice, and an after-photo.</summary>
    public static bool IsRepairDocumented(IReadOnlySet<DamageEvidenceRole> validRoles) =>
        (validRoles.Contains(DamageEvidenceRole.Gutachten) || validRoles.Contains(DamageEvidenceRole.Reparaturrechnung))
        && validRoles.Contains(DamageEvidenceRole.FotoNachher);
}
