using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Transfers;

public enum ClaimStatus { Submitted, Approved, Rejected, Objected, Completed, Withdrawn, Void }

/// <summary>
/// „Übernahme beantragen“ (issue 14 item 6): a buyer without a cooperative seller asks for the vehicle with proof of
/// ownership (Zulassungsbescheinigung Teil II, a document hidden from the vehicle's owner). An admin with step-up
/// approves or rejects; after an approval the current owner has <see cref="ObjectionPeriod"/> to object, then the
/// background runner moves the vehicle. Submitted → Approved → Completed; or Rejected, Objected, Withdrawn (by the
/// claimant) or Void (the vehicle changed hands in another way first).
/// </summary>
public sealed class OwnershipClaim
{
    public static readonly TimeSpan ObjectionPeriod = TimeSpan.FromDays(14);
    public const int MaxMessageLength = 1000;
    public const int MaxCommentLength = 500;

    private OwnershipClaim() { }

    public const int MaxHolderNameLength = 120;

    public OwnershipClaim(long vehicleId, string claimantId, string ownerId, long proofDocumentId, string? holderName, string? message, DateTimeOffset now)
    {
        var holder = holderName?.Trim();
        if (string.IsNullOrEmpty(holder)) throw new DomainException(HolderNameMissingMessage, "Input.HolderName");
        if (holder.Length > MaxHolderNameLength)
        {
            throw new DomainException($"Der Name darf höchstens {MaxHolderNameLength} Zeichen lang sein.", "Input.HolderName");
        }
        HolderName = holder;
        var trimmed = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (trimmed is { Length: > MaxMessageLength })
        {
            throw new DomainException($"Die Nachricht darf höchstens {MaxMessageLength} Zeichen lang sein. Bitte kürzen Sie sie.", "Input.Message");
        }
        if (claimantId == ownerId) throw new DomainException("Dieses Fahrzeug gehört bereits zu Ihrem Konto.");
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        ClaimantId = claimantId;
        OwnerIdAtSubmission = ownerId;
        ProofDocumentId = proofDocumentId;
        Message = trimmed;
        CreatedAt = now;
        Status = ClaimStatus.Submitted;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public string ClaimantId { get; private set; } = "";
    /// <summary>Who owned the vehicle when the claim was made; if that changes before the move, the claim is void.</summary>
    public string OwnerIdAtSubmission { get; private set; } = "";
    public long ProofDocumentId { get; private set; }
    /// <summary>The holder's name as printed on the proof, typed by the claimant; the admin compares it with the proof.</summary>
    public string HolderName { get; private set; } = "";
    /// <summary>The claimant's note to the review (never shown to the owner).</summary>
    public string? Message { get; private set; }
    public ClaimStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string? ReviewedBy { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    /// <summary>The admin's comment, mailed to the claimant.</summary>
    public string? ReviewComment { get; private set; }
    public DateTimeOffset? ObjectionEndsAt { get; private set; }
    /// <summary>The owner's reason for objecting (for the admins only).</summary>
    public string? ObjectionReason { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>When the proof's file was deleted (some time after the claim closed).</summary>
    public DateTimeOffset? ProofDeletedAt { get; private set; }

    public bool IsOpen => Status is ClaimStatus.Submitted or ClaimStatus.Approved;

    public bool IsDueAt(DateTimeOffset now) => Status == ClaimStatus.Approved && ObjectionEndsAt <= now;

    public void Approve(string adminId, string? comment, DateTimeOffset now)
    {
        if (Status != ClaimStatus.Submitted) throw new DomainException(NotOpenMessage);
        Review(adminId, comment, now);
        Status = ClaimStatus.Approved;
        ObjectionEndsAt = now + ObjectionPeriod;
    }

    public void Reject(string adminId, string? comment, DateTimeOffset now)
    {
        if (Status != ClaimStatus.Submitted) throw new DomainException(NotOpenMessage);
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new DomainException("Bitte begründen Sie die Ablehnung; die Begründung erhält der Antragsteller per E-Mail.", "Comment");
        }
        Review(adminId, comment, now);
        Close(ClaimStatus.Rejected, now);
    }

    /// <summary>An admin takes back an approval (e.g. fraud found during the objection period); the claim is rejected.</summary>
    public void Revoke(string adminId, string? comment, DateTimeOffset now)
    {
        if (Status != ClaimStatus.Approved) throw new DomainException(NotOpenMessage);
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new DomainException("Bitte begründen Sie die Rücknahme; die Begründung erhält der Antragsteller per E-Mail.", "Comment");
        }
        Review(adminId, comment, now);
        Close(ClaimStatus.Rejected, now);
    }

    public void RaiseObjection(string? reason, DateTimeOffset now)
    {
        if (Status != ClaimStatus.Approved || ObjectionEndsAt <= now) throw new DomainException("Gegen diesen Antrag kann nicht mehr widersprochen werden.");
        var trimmed = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (trimmed is { Length: > MaxMessageLength })
        {
            throw new DomainException($"Die Begründung darf höchstens {MaxMessageLength} Zeichen lang sein. Bitte kürzen Sie sie.", "Reason");
        }
        ObjectionReason = trimmed;
        Close(ClaimStatus.Objected, now);
    }

    public void Withdraw(DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException(NotOpenMessage);
        Close(ClaimStatus.Withdrawn, now);
    }

    /// <summary>The vehicle changed hands (or was removed) another way before this claim could move it.</summary>
    public void MakeVoid(DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException(NotOpenMessage);
        Close(ClaimStatus.Void, now);
    }

    public void Complete(DateTimeOffset now)
    {
        if (!IsDueAt(now)) throw new DomainException(NotOpenMessage);
        Close(ClaimStatus.Completed, now);
    }

    public void ProofDeleted(DateTimeOffset now) => ProofDeletedAt ??= now;

    public const string NotOpenMessage = "Dieser Antrag ist nicht mehr offen.";
    public const string HolderNameMissingMessage = "Bitte geben Sie den Namen des Halters so an, wie er in der Zulassungsbescheinigung Teil II steht.";

    private void Review(string adminId, string? comment, DateTimeOffset now)
    {
        var trimmed = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (trimmed is { Length: > MaxCommentLength })
        {
            throw new DomainException($"Der Kommentar darf höchstens {MaxCommentLength} Zeichen lang sein.", "Comment");
        }
        ReviewedBy = adminId;
        ReviewedAt = now;
        ReviewComment = trimmed;
    }

    private void Close(ClaimStatus status, DateTimeOffset now)
    {
        Status = status;
        ClosedAt = now;
    }
}

public static class ClaimTexts
{
    public static string Status(ClaimStatus s) => s switch
    {
        ClaimStatus.Submitted => "in Prüfung",
        ClaimStatus.Approved => "genehmigt – Widerspruchsfrist läuft",
        ClaimStatus.Rejected => "abgelehnt",
        ClaimStatus.Objected => "Widerspruch des Besitzers",
        ClaimStatus.Completed => "abgeschlossen – Fahrzeug übernommen",
        ClaimStatus.Withdrawn => "zurückgezogen",
        _ => "erledigt – das Fahrzeug hat inzwischen anders den Besitzer gewechselt",
    };
}
