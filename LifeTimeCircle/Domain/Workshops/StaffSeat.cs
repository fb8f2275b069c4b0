using System.Security.Cryptography;
using System.Text;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Workshops;

/// <summary>
/// Where a staff seat stands (SPEC §1, §10). <see cref="Eingeladen"/> holds an invitation code; the person who accepts it
/// with the invited address takes the seat (<see cref="Aktiv"/>, or <see cref="WartetAufFreigabe"/> beyond the free
/// seats until a superadmin approves). Ended seats and invitations are kept as history and never reopen.
/// </summary>
public enum SeatState { Eingeladen, WartetAufFreigabe, Aktiv, Entfernt, Widerrufen, Abgelehnt }

/// <summary>
/// A staff member of a business (issue 16 item 1): invited by the business's own account by e-mail, acting for the
/// business once active. The invitation code is single-use (only <see cref="SeatState.Eingeladen"/> accepts it) and
/// expires after <see cref="InviteDays"/> days; only its SHA-256 hash is stored.
/// </summary>
public sealed class StaffSeat
{
    public const int InviteDays = 7;
    public const int MaxNameLength = 80;
    public const int MaxEmailLength = 256;
    /// <summary>Seats a business fills on its own; each further seat waits for a superadmin (SPEC §1: „max 2 staff“).</summary>
    public const int FreeSeats = 2;
    /// <summary>Open invitations per business at one time, and invitations per business in 24 hours (mail abuse).</summary>
    public const int MaxOpenInvites = 10;
    public const int MaxInvitesPerDay = 20;

    private StaffSeat() { }

    public StaffSeat(long businessId, string? displayName, string email, string codeHash, string invitedBy, DateTimeOffset now)
    {
        var name = string.Join(' ', (displayName ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0) throw new DomainException("Bitte geben Sie den Namen der Person an.", "Name");
        if (name.Length > MaxNameLength) throw new DomainException($"Höchstens {MaxNameLength} Zeichen.", "Name");
        if (name.Any(c => char.IsControl(c) || c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')))
        {
            throw new DomainException("Bitte verwenden Sie keine Steuerzeichen.", "Name");
        }
        var address = (email ?? "").Trim();
        if (address.Length == 0 || address.Length > MaxEmailLength) throw new DomainException("Bitte geben Sie eine gültige E-Mail-Adresse ein.", "Email");
        PublicId = PublicIds.New();
        BusinessId = businessId;
        DisplayName = name;
        Email = address;
        EmailKey = KeyOf(address);
        CodeHash = codeHash;
        InvitedBy = invitedBy;
        InvitedAt = now;
        ExpiresAt = now.AddDays(InviteDays);
        State = SeatState.Eingeladen;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long BusinessId { get; private set; }
    /// <summary>How the business names the person (shown to the business with the proposals the person made).</summary>
    public string DisplayName { get; private set; } = "";
    /// <summary>The invited address, as the business typed it (only the business and the invitee see it).</summary>
    public string Email { get; private set; } = "";
    /// <summary>Upper-cased address, compared with Identity's normalized e-mail of the accepting account.</summary>
    public string EmailKey { get; private set; } = "";
    public string CodeHash { get; private set; } = "";
    public string InvitedBy { get; private set; } = "";
    public DateTimeOffset InvitedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public SeatState State { get; private set; }
    /// <summary>The account that took the seat (null while invited, or after that account was deleted).</summary>
    public string? UserId { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public string? ApprovedBy { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }
    public string? EndedBy { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public static string KeyOf(string email) => email.Trim().ToUpperInvariant();

    /// <summary>Takes the seat or holds it (the invitation's code can never be used again).</summary>
    public bool IsHolding => State is SeatState.Aktiv or SeatState.WartetAufFreigabe;

    public bool IsUsableInviteAt(DateTimeOffset now) => State == SeatState.Eingeladen && now < ExpiresAt;

    /// <summary>The invitee accepts: the seat is active, or waits for a superadmin when the free seats are taken.</summary>
    public void Accept(string userId, bool needsApproval, DateTimeOffset now)
    {
        if (!IsUsableInviteAt(now)) throw new DomainException(StaffCodes.InvalidMessage);
        UserId = userId;
        AcceptedAt = now;
        State = needsApproval ? SeatState.WartetAufFreigabe : SeatState.Aktiv;
    }

    public void Approve(string superadminId, DateTimeOffset now)
    {
        if (State != SeatState.WartetAufFreigabe) throw new DomainException("Über diesen Platz ist bereits entschieden.");
        State = SeatState.Aktiv;
        ApprovedBy = superadminId;
        ApprovedAt = now;
    }

    public void Reject(string superadminId, DateTimeOffset now)
    {
        if (State != SeatState.WartetAufFreigabe) throw new DomainException("Über diesen Platz ist bereits entschieden.");
        State = SeatState.Abgelehnt;
        EndedBy = superadminId;
        EndedAt = now;
    }

    /// <summary>The business ends the seat (a person leaves) or withdraws an open invitation; false when it had already ended.</summary>
    public bool End(string byUserId, DateTimeOffset now)
    {
        if (State is not (SeatState.Eingeladen or SeatState.Aktiv or SeatState.WartetAufFreigabe)) return false;
        State = State == SeatState.Eingeladen ? SeatState.Widerrufen : SeatState.Entfernt;
        EndedBy = byUserId;
        EndedAt = now;
        return true;
    }
}

/// <summary>Invitation codes: 16 characters without look-alikes, printed as „ABCD-EFGH-JKMN-PQRS“ (about 79 bits).</summary>
public static class StaffCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 16;
    public const string InvalidMessage = "Dieser Einladungscode ist ungültig, abgelaufen oder wurde bereits verwendet. Bitten Sie den Betrieb um eine neue Einladung.";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static string Format(string code) => code.Length == Length ? string.Join('-', code.Chunk(4).Select(c => new string(c))) : code;

    /// <summary>The typed code as stored (case, spaces and dashes do not matter), or null when it cannot be one.</summary>
    public static string? Normalize(string? typed)
    {
        var chars = (typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray();
        if (chars.Length != Length || chars.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal))) return null;
        return new string(chars);
    }

    public static string Hash(string normalizedCode) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(normalizedCode)));

    public static string StateText(SeatState s) => s switch
    {
        SeatState.Eingeladen => "Eingeladen",
        SeatState.WartetAufFreigabe => "Wartet auf Freigabe",
        SeatState.Aktiv => "Aktiv",
        SeatState.Entfernt => "Entfernt",
        SeatState.Widerrufen => "Einladung zurückgezogen",
        SeatState.Abgelehnt => "Nicht freigegeben",
        _ => s.ToString(),
    };
}
