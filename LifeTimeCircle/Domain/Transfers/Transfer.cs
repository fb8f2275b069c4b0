using System.Security.Cryptography;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Transfers;

public enum TransferStatus { Open, Redeemed, Cancelled, Expired }

/// <summary>
/// The handover code a seller gives the buyer (SPEC §9): 13 characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L, U), log2(30) × 13 ≈ 63.8 bits from a CSPRNG, shown grouped as <c>XXXX-XXXX-XXXXX</c>.
/// Only its keyed hash is stored; the code itself exists only in the seller's hand-over sheet.
/// </summary>
public static class TransferCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 13;

    public static string New()
    {
        var chars = new char[Length];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    /// <summary>„ABCD-EFGH-JKMNP“ for reading aloud and typing.</summary>
    public static string Format(string code) => code.Length == Length ? $"{code[..4]}-{code[4..8]}-{code[8..]}" : code;

    /// <summary>
    /// What was typed, as the stored form: upper case, spaces and dashes removed. Null when it cannot be a code at all
    /// (wrong length or a character outside the alphabet, including the look-alikes 0, O, 1, I, L and U).
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64) return null;
        var chars = input.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '–' or '_')).Select(char.ToUpperInvariant).ToArray();
        if (chars.Length != Length || chars.Any(c => !Alphabet.Contains(c))) return null;
        return new string(chars);
    }
}

/// <summary>
/// One handover of a vehicle from its owner to a buyer. Open for <see cref="Validity"/>, extendable once by the same
/// span, cancellable; redeemed at most once (the claim is a conditional update, see TransferService). Expiry is
/// lazy: an open transfer past <see cref="ExpiresAt"/> counts as expired and is marked so when next touched.
/// </summary>
public sealed class Transfer
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(14);

    private Transfer() { }

    public Transfer(long vehicleId, string codeHash, string createdBy, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        CodeHash = codeHash;
        CreatedBy = createdBy;
        CreatedAt = now;
        ExpiresAt = now + Validity;
        Status = TransferStatus.Open;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    /// <summary>HMAC-SHA256 (server secret) of the normalised code; the code itself is never stored.</summary>
    public string CodeHash { get; private set; } = "";
    public TransferStatus Status { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public bool ExtendedOnce { get; private set; }
    public string? RedeemedBy { get; private set; }
    public DateTimeOffset? RedeemedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsOpenAt(DateTimeOffset now) => Status == TransferStatus.Open && ExpiresAt > now;

    /// <summary>Marks an open transfer whose time is up as expired; true when it changed.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (Status != TransferStatus.Open || ExpiresAt > now) return false;
        Status = TransferStatus.Expired;
        ClosedAt = now;
        return true;
    }

    public void Extend(DateTimeOffset now)
    {
        if (!IsOpenAt(now)) throw new DomainException("Diese Übergabe ist nicht mehr offen.");
        if (ExtendedOnce) throw new DomainException("Eine Übergabe kann nur einmal verlängert werden.");
        ExpiresAt += Validity;
        ExtendedOnce = true;
    }

    public void Cancel(DateTimeOffset now)
    {
        if (!IsOpenAt(now)) throw new DomainException("Diese Übergabe ist nicht mehr offen.");
        Status = TransferStatus.Cancelled;
        ClosedAt = now;
    }
}
