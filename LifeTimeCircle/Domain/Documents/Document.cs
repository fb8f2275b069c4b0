using System.Linq.Expressions;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Documents;

public enum DocumentKind { Rechnung, Foto, Gutachten, ServiceheftSeite, Sonstiges }

public enum ApprovalState { Quarantined, Approved, Rejected }

public enum ScanState { Pending, Clean, Infected, Error }

public enum PiiState { Ok, Suspected, Confirmed }

public static class DocumentTexts
{
    public static string Kind(DocumentKind k) => k switch
    {
        DocumentKind.ServiceheftSeite => "Serviceheft-Seite",
        _ => k.ToString(),
    };

    /// <summary>The state as the owner reads it.</summary>
    public static string State(Document d) =>
        d.DeletedAt is not null ? "gelöscht"
        : d.Approval == ApprovalState.Rejected ? "abgelehnt"
        : d.Pii != PiiState.Ok ? "Datenschutz-Prüfung"
        : d.Approval == ApprovalState.Approved ? "freigegeben"
        : "in Prüfung";
}

/// <summary>
/// An uploaded evidence file (SPEC §5). Starts QUARANTINED + PENDING; the scanner sets the scan state (INFECTED
/// rejects automatically); only an admin approves, and only when the scan is CLEAN and PII is OK.
/// The file itself lives under a random storage key outside the web root.
/// </summary>
public sealed class Document
{
    private Document() { }

    public Document(long vehicleId, string? entryGroupId, DocumentKind kind, string contentType, string storageKey, string sha256, long size,
        string originalFileName, string uploadedBy, DateTimeOffset now, long? replacesDocumentId = null)
    {
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        EntryGroupId = entryGroupId;
        Kind = kind;
        ContentType = contentType;
        StorageKey = storageKey;
        Sha256 = sha256;
        SizeBytes = size;
        OriginalFileName = DocumentFileName.Normalize(originalFileName, contentType);
        UploadedBy = uploadedBy;
        UploadedAt = now;
        NextScanAt = now;
        ReplacesDocumentId = replacesDocumentId;
    }

    /// <summary>
    /// A buyer's proof of ownership for an <see cref="LifeTimeCircle.Domain.Transfers.OwnershipClaim"/> (Zulassungsbescheinigung
    /// Teil II): scanned like every upload but never evidence and never visible on the vehicle — a query filter hides
    /// it from every vehicle query (its owner must not see the claimant's personal data); only the admins' claim queue
    /// and the scanner read it, with <c>IgnoreQueryFilters()</c>.
    /// </summary>
    public static Document OwnershipProof(long vehicleId, string contentType, string storageKey, string sha256, long size, string originalFileName,
        string uploadedBy, DateTimeOffset now) =>
        new(vehicleId, null, DocumentKind.Sonstiges, contentType, storageKey, sha256, size, originalFileName, uploadedBy, now) { IsOwnershipProof = true };

    /// <summary>
    /// An invoice a workshop uploads with a proposal (issue 16): quarantined and scanned at once like every upload, but
    /// not the vehicle's document until the owner takes the proposal over (the same query filter hides it; the
    /// proposal pages and the scanner read it with <c>IgnoreQueryFilters()</c>). Taking over attaches it to the new
    /// entry and hands it to the normal review; a rejection deletes it.
    /// </summary>
    public static Document ProposalInvoice(long vehicleId, string contentType, string storageKey, string sha256, long size, string originalFileName,
        string uploadedBy, DateTimeOffset now) =>
        new(vehicleId, null, DocumentKind.Rechnung, contentType, storageKey, sha256, size, originalFileName, uploadedBy, now) { AwaitsProposal = true };

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public bool IsOwnershipProof { get; private set; }
    /// <summary>True while the invoice of a workshop's proposal waits for the owner's decision (<see cref="ProposalInvoice"/>).</summary>
    public bool AwaitsProposal { get; private set; }
    public string? EntryGroupId { get; private set; }
    public DocumentKind Kind { get; private set; }
    public string ContentType { get; private set; } = "";
    public string StorageKey { get; private set; } = "";
    public string? Sha256 { get; private set; }
    public long SizeBytes { get; private set; }
    public string OriginalFileName { get; private set; } = "";
    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    public ApprovalState Approval { get; private set; } = ApprovalState.Quarantined;
    public ScanState Scan { get; private set; } = ScanState.Pending;
    public string? ScanDetail { get; private set; }
    public int ScanAttempts { get; private set; }
    public DateTimeOffset NextScanAt { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    public PiiState Pii { get; private set; } = PiiState.Ok;
    public string? PiiNote { get; private set; }
    public DateTimeOffset? PiiMarkedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public long? ReplacesDocumentId { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>
    /// Valid evidence ⇔ APPROVED ∧ CLEAN ∧ PII OK ∧ not deleted (SPEC §5). The one definition: queries use it as
    /// <c>.Where(Document.ValidEvidence)</c>, the entity through <see cref="IsValidEvidence"/>.
    /// </summary>
    public static readonly Expression<Func<Document, bool>> ValidEvidence =
        d => d.Approval == ApprovalState.Approved && d.Scan == ScanState.Clean && d.Pii == PiiState.Ok && d.DeletedAt == null;

    private static readonly Func<Document, bool> ValidEvidenceCompiled = ValidEvidence.Compile();

    public bool IsValidEvidence => ValidEvidenceCompiled(this);

    public void Lease(DateTimeOffset now, TimeSpan duration)
    {
        LeaseUntil = now + duration;
        ScanAttempts++;
    }

    public void ScannedClean(DateTimeOffset now)
    {
        Scan = ScanState.Clean;
        ScanDetail = null;
        LeaseUntil = null;
    }

    /// <summary>Malware or a dangerous structure: rejected automatically.</summary>
    public void ScannedInfected(string detail, DateTimeOffset now)
    {
        Scan = ScanState.Infected;
        ScanDetail = detail.Length > 200 ? detail[..200] : detail;
        Approval = ApprovalState.Rejected;
        DecisionReason = "Automatisch abgelehnt: Die Prüfung hat ein Risiko gefunden.";
        DecidedAt = now;
        LeaseUntil = null;
    }

    /// <summary>Scanner unreachable: stays PENDING and is retried with backoff.</summary>
    public void ScanDeferred(DateTimeOffset now)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, Math.Min(ScanAttempts, 7))));
        NextScanAt = now + delay;
        LeaseUntil = null;
    }

    public void RequestRescan(DateTimeOffset now)
    {
        if (DeletedAt is not null) throw new DomainException("Gelöschte Dokumente werden nicht mehr geprüft.");
        Scan = ScanState.Pending;
        ScanDetail = null;
        NextScanAt = now;
        LeaseUntil = null;
        if (Approval == ApprovalState.Rejected && DecisionReason?.StartsWith("Automatisch", StringComparison.Ordinal) == true)
        {
            Approval = ApprovalState.Quarantined;
            DecisionReason = null;
        }
    }

    public void Approve(DateTimeOffset now)
    {
        if (DeletedAt is not null) throw new DomainException("Das Dokument ist gelöscht.");
        if (Scan != ScanState.Clean) throw new DomainException("Freigabe erst nach sauberer Virenprüfung (Status: " + Scan + ").");
        if (Pii != PiiState.Ok) throw new DomainException("Freigabe erst nach abgeschlossener Datenschutz-Prüfung.");
        Approval = ApprovalState.Approved;
        DecisionReason = null;
        DecidedAt = now;
    }

    public void Reject(string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Bitte geben Sie einen Grund an.", "Reason");
        Approval = ApprovalState.Rejected;
        DecisionReason = reason.Trim().Length > 300 ? reason.Trim()[..300] : reason.Trim();
        DecidedAt = now;
    }

    public const string PiiAlreadyRaisedMessage = "Der Datenschutz-Hinweis zu diesem Dokument ist bereits gemeldet. Über ihn entscheidet jetzt unsere Prüfung.";
    public const string PiiOnlySuspicionMessage = "Sie können nur einen Verdacht auf persönliche Daten melden. Über den Befund entscheidet unsere Prüfung.";

    /// <summary>
    /// The owner's only PII action (SPEC §5): raising a suspicion on a document without findings (OK → SUSPECTED).
    /// Clearing, confirming or changing a raised state is the admin's audited decision (<see cref="MarkPii"/>);
    /// otherwise an owner could take back a confirmed finding and so escape its deletion.
    /// </summary>
    public void RaisePiiSuspicion(PiiState requested, string? note, DateTimeOffset now)
    {
        if (DeletedAt is not null) throw new DomainException("Das Dokument ist gelöscht.");
        if (Pii != PiiState.Ok) throw new DomainException(PiiAlreadyRaisedMessage);
        if (requested != PiiState.Suspected) throw new DomainException(PiiOnlySuspicionMessage);
        MarkPii(PiiState.Suspected, note, now);
    }

    public const int PiiNoteMaxLength = 300;
    public const string PiiNoteTooLongMessage = "Der Hinweis darf höchstens 300 Zeichen lang sein. Bitte kürzen Sie ihn.";

    /// <summary>The admin's PII decision (quarantine queue, audited there): any state, including clearing a finding.</summary>
    public void MarkPii(PiiState state, string? note, DateTimeOffset now)
    {
        // Refused, not cut: a silently shortened note would lose what the writer thought they had said.
        if (note is not null && note.Trim().Length > PiiNoteMaxLength) throw new DomainException(PiiNoteTooLongMessage);
        Pii = state;
        PiiNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        PiiMarkedAt = state == PiiState.Ok ? null : now;
    }

    /// <summary>The owner took the proposal over: the invoice becomes evidence of the new entry, after the normal review.</summary>
    public void TakeOverWithProposal(string entryGroupId)
    {
        if (!AwaitsProposal) throw new DomainException("Diese Rechnung gehört zu keinem offenen Vorschlag.");
        AwaitsProposal = false;
        EntryGroupId = entryGroupId;
    }

    public void SoftDelete(string reason, DateTimeOffset now)
    {
        DeletedAt ??= now;
        DecisionReason = reason;
    }

    /// <summary>The file name as metadata only: no paths, no control characters, at most 120 characters; umlauts stay.</summary>
    public static string SanitizeFileName(string? name)
    {
        var baseName = Path.GetFileName((name ?? "").Replace('\\', '/').Split('/').Last());
        var clean = new string(baseName.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim();
        if (clean.Length == 0) clean = "Datei";
        return clean.Length > 120 ? clean[..120] : clean;
    }
}
