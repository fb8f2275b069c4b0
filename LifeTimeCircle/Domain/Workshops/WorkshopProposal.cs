using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Workshops;

public enum ProposalState { Offen, SpaeterPruefen, Uebernommen, Abgelehnt }

/// <summary>What a workshop types into the proposal form.</summary>
public sealed record ProposalValues(DateOnly Date, EntryCategory Category, int OdometerKm, string? WorkDone, long? CostCents);

/// <summary>
/// An entry a workshop proposes for a customer's vehicle (SPEC §13): it waits in the owner's Modul-Postfach until the
/// owner takes it over (an entry is written by the same rules as the owner's own), rejects it with a comment the
/// workshop sees, or puts it aside („Später prüfen“). Decided proposals stay as the vehicle's module history.
/// </summary>
public sealed class WorkshopProposal
{
    public const int MaxWorkDoneLength = 2000;
    public const int MaxCommentLength = 500;

    /// <summary>The comment of a proposal closed because the vehicle changed hands before its owner decided.</summary>
    public const string OwnerChangedComment = "Das Fahrzeug hat den Besitzer gewechselt, bevor über den Vorschlag entschieden wurde.";

    /// <summary>
    /// Non-essential proposals (care, conversions, body work, other) are limited per business and vehicle (SPEC §13);
    /// maintenance, repairs, tyres and HU/AU are essential to the record and never limited.
    /// </summary>
    public const int MaxNonEssentialPerWindow = 3;
    public static readonly TimeSpan NonEssentialWindow = TimeSpan.FromDays(7);

    private WorkshopProposal() { }

    public WorkshopProposal(long vehicleId, long businessId, long grantId, string proposedBy, ProposalValues v, DateTimeOffset now, DateOnly today)
    {
        var work = string.IsNullOrWhiteSpace(v.WorkDone) ? null : v.WorkDone.Trim();
        if (work is null) throw new DomainException("Bitte beschreiben Sie die ausgeführten Arbeiten.", "WorkDone");
        if (work.Length > MaxWorkDoneLength) throw new DomainException($"Höchstens {MaxWorkDoneLength} Zeichen.", "WorkDone");
        // The rules of every entry (date, odometer, cost), checked now so that taking it over cannot fail on them later.
        Entry.Validate(new EntryValues(v.Date, v.Category, BusinessType.Fachwerkstatt, null, v.OdometerKm, work, v.CostCents, false), today);
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        BusinessId = businessId;
        GrantId = grantId;
        ProposedBy = proposedBy;
        Date = v.Date;
        Category = v.Category;
        OdometerKm = v.OdometerKm;
        WorkDone = work;
        CostCents = v.CostCents;
        IsEssential = IsEssentialCategory(v.Category);
        State = ProposalState.Offen;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public long BusinessId { get; private set; }
    public long GrantId { get; private set; }
    public string ProposedBy { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public EntryCategory Category { get; private set; }
    public int OdometerKm { get; private set; }
    public string WorkDone { get; private set; } = "";
    public long? CostCents { get; private set; }
    public bool IsEssential { get; private set; }
    public ProposalState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    /// <summary>The owner's reason for a rejection; shown to the workshop.</summary>
    public string? DecisionComment { get; private set; }
    /// <summary>The entry group created when the owner took the proposal over.</summary>
    public string? EntryGroupId { get; private set; }
    /// <summary>The invoice uploaded with the proposal (<see cref="Documents.Document.ProposalInvoice"/>), if any.</summary>
    public long? InvoiceDocumentId { get; private set; }

    public void AttachInvoice(long documentId)
    {
        if (InvoiceDocumentId is not null) throw new DomainException("Dieser Vorschlag hat bereits eine Rechnung.");
        InvoiceDocumentId = documentId;
    }

    public bool IsOpen => State is ProposalState.Offen or ProposalState.SpaeterPruefen;

    public static bool IsEssentialCategory(EntryCategory c) =>
        c is EntryCategory.Inspektion or EntryCategory.Oelwechsel or EntryCategory.Reparatur or EntryCategory.Reifen or EntryCategory.HuAu;

    /// <summary>The entry values as the owner's timeline will hold them: performed by the business, under its name.</summary>
    public EntryValues ToEntryValues(BusinessType businessType, string businessName) =>
        new(Date, Category, businessType, businessName, OdometerKm, WorkDone, CostCents, false);

    public void Accept(string entryGroupId, string ownerId, DateTimeOffset now)
    {
        EnsureOpen();
        State = ProposalState.Uebernommen;
        EntryGroupId = entryGroupId;
        DecidedBy = ownerId;
        DecidedAt = now;
    }

    public void Reject(string? comment, string ownerId, DateTimeOffset now)
    {
        var c = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (c is null) throw new DomainException("Bitte begründen Sie die Ablehnung; die Werkstatt sieht Ihren Kommentar.", "Comment");
        if (c.Length > MaxCommentLength) throw new DomainException($"Der Kommentar darf höchstens {MaxCommentLength} Zeichen lang sein.", "Comment");
        EnsureOpen();
        State = ProposalState.Abgelehnt;
        DecisionComment = c;
        DecidedBy = ownerId;
        DecidedAt = now;
    }

    public void Defer()
    {
        EnsureOpen();
        State = ProposalState.SpaeterPruefen;
    }

    private void EnsureOpen()
    {
        if (!IsOpen) throw new DomainException("Über diesen Vorschlag ist bereits entschieden.");
    }
}

public static class ProposalTexts
{
    public static string State(ProposalState s) => s switch
    {
        ProposalState.Offen => "Offen",
        ProposalState.SpaeterPruefen => "Später prüfen",
        ProposalState.Uebernommen => "Übernommen",
        ProposalState.Abgelehnt => "Abgelehnt",
        _ => s.ToString(),
    };
}
