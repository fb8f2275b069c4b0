using LifeTimeCircle.Domain.Addons;

namespace LifeTimeCircle.Domain.Vehicles;

/// <summary>The fixed stages of an Oldtimer- or Restauration-Trust folder; <see cref="Frei"/> is a stage with the owner's own title.</summary>
public enum StageKind { Karosserie, Lack, Motor, Fahrwerk, Elektrik, Innenraum, Frei }

/// <summary>What a linked document shows for a stage.</summary>
public enum StageEvidenceRole { Nachweis, FotoVorher, FotoNachher }

public static class StageTexts
{
    public static string Kind(StageKind kind) => kind switch
    {
        StageKind.Karosserie => "Karosserie",
        StageKind.Lack => "Lack",
        StageKind.Motor => "Motor",
        StageKind.Fahrwerk => "Fahrwerk",
        StageKind.Elektrik => "Elektrik",
        StageKind.Innenraum => "Innenraum",
        _ => "Eigene Etappe",
    };

    public static string Role(StageEvidenceRole role) => role switch
    {
        StageEvidenceRole.Nachweis => "Nachweis",
        StageEvidenceRole.FotoVorher => "Foto vorher",
        _ => "Foto nachher",
    };

    public static bool IsPhoto(StageEvidenceRole role) => role is StageEvidenceRole.FotoVorher or StageEvidenceRole.FotoNachher;

    /// <summary>
    /// Why a document of <paramref name="kind"/> cannot serve in <paramref name="role"/>, or null: a photo only as „Foto“
    /// and an image, a Nachweis only as what the reviewer saw as one (Rechnung, Gutachten, Serviceheft-Seite, Sonstiges —
    /// not a photo). The security review of 2026-12-03 found one harmless approved photo making every stage „belegt“.
    /// </summary>
    public static string? Misfit(StageEvidenceRole role, LifeTimeCircle.Domain.Documents.DocumentKind kind, bool isImage) =>
        IsPhoto(role) && (!isImage || kind != LifeTimeCircle.Domain.Documents.DocumentKind.Foto)
            ? "Als Foto vorher oder nachher passt nur ein Bild, das als „Foto“ hochgeladen wurde (JPEG, PNG oder WebP). Bitte wählen Sie ein Foto."
            : !IsPhoto(role) && kind == LifeTimeCircle.Domain.Documents.DocumentKind.Foto
                ? "Als Nachweis passt eine Rechnung, ein Gutachten, eine Serviceheft-Seite oder ein sonstiger Nachweis – ein Foto verknüpfen Sie als „Foto vorher“ oder „Foto nachher“."
                : null;

    /// <summary>
    /// Whether a valid (approved, clean) linked document makes its stage „belegt“: a fitting Nachweis or a fitting photo after
    /// the work. A before-photo shows the starting point and never decides.
    /// </summary>
    public static bool Counts(StageEvidenceRole role, LifeTimeCircle.Domain.Documents.DocumentKind kind, bool isImage) =>
        role != StageEvidenceRole.FotoVorher && Misfit(role, kind, isImage) is null;

    /// <summary>The name of a folder as the certificate and the pages say it: „Oldtimer-Trust“, „Restauration-Trust“.</summary>
    public static string Folder(string addonKey) => addonKey == AddonKeys.Oldtimer ? "Oldtimer-Trust" : "Restauration-Trust";
}

/// <summary>
/// One stage of an Oldtimer- or Restauration-Trust folder (ADR 0023 §3): a fixed kind or an own title, a period, who did
/// the work, a description, an optional cost. Milestones and linked documents hang off it.
/// </summary>
public sealed class RestorationStage
{
    public const int MaxTitleLength = 80;
    public const int MaxPerformedByLength = 120;
    public const int MaxDescriptionLength = 2000;

    private RestorationStage() { }

    public RestorationStage(long vehicleId, string addonKey, DateTimeOffset now)
    {
        if (!AddonKeys.IsKnown(addonKey)) throw new DomainException("Unbekanntes Add-on.");
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        AddonKey = addonKey;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public string AddonKey { get; private set; } = "";
    public StageKind Kind { get; private set; }

    /// <summary>Only for <see cref="StageKind.Frei"/>: the owner's own title.</summary>
    public string? Title { get; private set; }
    public DateOnly StartedOn { get; private set; }
    public DateOnly? EndedOn { get; private set; }
    public string? PerformedBy { get; private set; }
    public string? Description { get; private set; }

    /// <summary>Cost in cents; null = not stated. Shown only to the owner on the folder pages.</summary>
    public long? CostCents { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public string Name => Kind == StageKind.Frei ? Title ?? "" : StageTexts.Kind(Kind);

    public void Update(StageKind kind, string? title, DateOnly startedOn, DateOnly? endedOn, string? performedBy, string? description,
        long? costCents, DateOnly today, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind)) throw new DomainException("Bitte wählen Sie eine Etappe aus der Liste.", "Kind");
        title = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        if (kind == StageKind.Frei && title is null) throw new DomainException("Bitte geben Sie der eigenen Etappe einen Titel.", "Title");
        if (title?.Length > MaxTitleLength) throw new DomainException($"Höchstens {MaxTitleLength} Zeichen.", "Title");
        if (startedOn.Year < 1885) throw new DomainException("Bitte geben Sie ein Datum ab 1885 an.", "StartedOn");
        if (startedOn > today) throw new DomainException("Der Beginn darf nicht in der Zukunft liegen.", "StartedOn");
        if (endedOn is { } end && end < startedOn) throw new DomainException("Das Ende darf nicht vor dem Beginn liegen.", "EndedOn");
        if (endedOn > today) throw new DomainException("Das Ende darf nicht in der Zukunft liegen.", "EndedOn");
        if (performedBy?.Trim().Length > MaxPerformedByLength) throw new DomainException($"Höchstens {MaxPerformedByLength} Zeichen.", "PerformedBy");
        if (description?.Trim().Length > MaxDescriptionLength) throw new DomainException($"Höchstens {MaxDescriptionLength} Zeichen.", "Description");
        if (costCents < 0) throw new DomainException("Die Kosten dürfen nicht negativ sein.", "Cost");
        Kind = kind;
        Title = kind == StageKind.Frei ? title : null;
        StartedOn = startedOn;
        EndedOn = endedOn;
        PerformedBy = string.IsNullOrWhiteSpace(performedBy) ? null : performedBy.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        CostCents = costCents;
        UpdatedAt = now;
    }
}

/// <summary>A milestone of a stage: a date and a short text („Karosserie entlackt“).</summary>
public sealed class StageMilestone
{
    public const int MaxTextLength = 200;

    private StageMilestone() { }

    public StageMilestone(long stageId, DateOnly on, string text, DateOnly today, DateTimeOffset now)
    {
        if (on.Year < 1885) throw new DomainException("Bitte geben Sie ein Datum ab 1885 an.", "On");
        if (on > today) throw new DomainException("Das Datum darf nicht in der Zukunft liegen.", "On");
        if (string.IsNullOrWhiteSpace(text)) throw new DomainException("Bitte beschreiben Sie den Meilenstein.", "Text");
        if (text.Trim().Length > MaxTextLength) throw new DomainException($"Höchstens {MaxTextLength} Zeichen.", "Text");
        PublicId = PublicIds.New();
        StageId = stageId;
        On = on;
        Text = text.Trim();
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long StageId { get; private set; }
    public DateOnly On { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>A document of the vehicle linked to a stage in a role. It counts only while it is valid evidence.</summary>
public sealed class StageEvidence
{
    private StageEvidence() { }

    public StageEvidence(long vehicleId, long stageId, long documentId, StageEvidenceRole role, DateTimeOffset now)
    {
        VehicleId = vehicleId;
        StageId = stageId;
        DocumentId = documentId;
        Role = role;
        LinkedAt = now;
    }

    public long Id { get; private set; }
    public long VehicleId { get; private set; }
    public long StageId { get; private set; }
    public long DocumentId { get; private set; }
    public StageEvidenceRole Role { get; private set; }
    public DateTimeOffset LinkedAt { get; private set; }
}

/// <summary>
/// The rule of the Oldtimer- and Restauration-Trust folders (ADR 0023 §3): a stage is „belegt“ when at least one linked
/// document is valid evidence (approved, clean, no open PII, not deleted), whatever its role. The certificate summary
/// names stages only by their fixed kind — the owner's own titles are free text and stay out of PDFs — and carries no numbers.
/// </summary>
public static class RestorationFolder
{
    public static bool IsEvidenced(int validDocuments) => validDocuments > 0;

    /// <summary>
    /// „Restauration-Trust: Karosserie, Lack und Motor belegt; Innenraum noch nicht belegt.“ A kind is belegt when every
    /// stage of that kind is; own stages appear together as „weitere Etappen“. Stages in the order of the fixed kinds.
    /// </summary>
    public static string Summary(string addonKey, IEnumerable<(StageKind Kind, bool Evidenced)> stages)
    {
        var byKind = stages.GroupBy(s => s.Kind).OrderBy(g => (int)g.Key).Select(g => (Name: g.Key == StageKind.Frei ? "weitere Etappen" : StageTexts.Kind(g.Key),
            Evidenced: g.All(s => s.Evidenced))).ToList();
        var prefix = StageTexts.Folder(addonKey) + ": ";
        if (byKind.Count == 0) return prefix + "noch keine Etappen angelegt.";
        var parts = new List<string>();
        var done = byKind.Where(k => k.Evidenced).Select(k => k.Name).ToList();
        var open = byKind.Where(k => !k.Evidenced).Select(k => k.Name).ToList();
        if (done.Count > 0) parts.Add(Join(done) + " belegt");
        if (open.Count > 0) parts.Add(Join(open) + " noch nicht belegt");
        return prefix + string.Join("; ", parts) + ".";
    }

    /// <summary>„A“, „A und B“, „A, B und C“.</summary>
    public static string Join(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " und " + names[^1];
}
