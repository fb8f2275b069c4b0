using LifeTimeCircle.Domain.Trust;

namespace LifeTimeCircle.Domain.Vehicles;

public enum EntryCategory { Inspektion, Oelwechsel, Reparatur, Reifen, HuAu, Karosserie, Umbau, Pflege, Sonstiges }

public static class EntryTexts
{
    public static string Category(EntryCategory c) => c switch
    {
        EntryCategory.Oelwechsel => "Ölwechsel",
        EntryCategory.HuAu => "HU/AU",
        _ => c.ToString(),
    };
}

/// <summary>What is typed into an entry form; every correction is a complete new set of values.</summary>
public sealed record EntryValues(DateOnly Date, EntryCategory Category, BusinessType PerformedBy, string? PerformedByName, int OdometerKm,
    string? Remark, long? CostCents, bool IsNachtrag);

/// <summary>
/// One immutable version of a timeline entry. Entries are never edited in place or deleted by owners: a
/// correction adds version n+1 to the same group (<see cref="GroupId"/>), and only the newest is "latest".
/// </summary>
public sealed class Entry
{
    public const int MaxOdometerKm = 5_000_000;

    private Entry() { }

    /// <summary>The rules every entry's values obey (also checked for a workshop's proposal before it is sent).</summary>
    public static void Validate(EntryValues v, DateOnly today)
    {
        if (v.Date > today) throw new DomainException("Das Datum darf nicht in der Zukunft liegen.", "Date");
        if (v.Date.Year < 1885) throw new DomainException("Das Datum ist zu früh.", "Date");
        if (v.OdometerKm is < 0 or > MaxOdometerKm) throw new DomainException("Der Kilometerstand muss zwischen 0 und 5.000.000 liegen.", "Odometer");
        if (v.CostCents is < 0) throw new DomainException("Kosten dürfen nicht negativ sein.", "Cost");
    }

    private Entry(long vehicleId, string groupId, int version, EntryValues v, string createdBy, DateTimeOffset now, DateOnly today, string? proposedBy)
    {
        Validate(v, today);
        ProposedByBusinessName = proposedBy;
        VehicleId = vehicleId;
        GroupId = groupId;
        Version = version;
        IsLatest = true;
        Date = v.Date;
        Category = v.Category;
        PerformedBy = v.PerformedBy;
        PerformedByName = string.IsNullOrWhiteSpace(v.PerformedByName) ? null : v.PerformedByName.Trim();
        OdometerKm = v.OdometerKm;
        Remark = string.IsNullOrWhiteSpace(v.Remark) ? null : v.Remark.Trim();
        CostCents = v.CostCents;
        IsNachtrag = v.IsNachtrag;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    /// <param name="proposedBy">The business name when the owner took over a workshop's proposal („von Werkstatt … vorgeschlagen“).</param>
    public static Entry Create(long vehicleId, EntryValues values, string createdBy, DateTimeOffset now, DateOnly today, string? proposedBy = null) =>
        new(vehicleId, PublicIds.New(), 1, values, createdBy, now, today, proposedBy);

    /// <summary>A correction: a new version of this group. This version stops being the latest.</summary>
    public Entry Correct(EntryValues values, string createdBy, DateTimeOffset now, DateOnly today)
    {
        if (!IsLatest) throw new DomainException("Nur die neueste Fassung kann korrigiert werden.");
        // The origin of the group stays: a corrected workshop proposal is still one.
        var next = new Entry(VehicleId, GroupId, Version + 1, values, createdBy, now, today, ProposedByBusinessName);
        IsLatest = false;
        return next;
    }

    public long Id { get; private set; }
    public long VehicleId { get; private set; }
    public string GroupId { get; private set; } = "";
    public int Version { get; private set; }
    public bool IsLatest { get; private set; }
    public DateOnly Date { get; private set; }
    public EntryCategory Category { get; private set; }
    public BusinessType PerformedBy { get; private set; }
    public string? PerformedByName { get; private set; }
    public int OdometerKm { get; private set; }
    public string? Remark { get; private set; }
    public long? CostCents { get; private set; }
    public bool IsNachtrag { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Set when the entry came from a workshop's proposal: the business name at the time it was taken over.</summary>
    public string? ProposedByBusinessName { get; private set; }

    /// <summary>
    /// Derived, never self-declared (SPEC §4): T3 with valid evidence attached, else T2 when the vehicle has a
    /// physical service book, else T1. Evidence comes from the documents feature.
    /// </summary>
    public static EntryTrustLevel TrustLevel(bool hasValidEvidence, bool vehicleHasPhysicalServiceBook) =>
        hasValidEvidence ? EntryTrustLevel.T3 : vehicleHasPhysicalServiceBook ? EntryTrustLevel.T2 : EntryTrustLevel.T1;
}

public enum OdometerFlagKind { LowerThanEarlier, ImplausibleJump }

/// <summary>An odometer reading that does not fit the history; open until the owner confirms or corrects it.</summary>
public sealed class OdometerFlag
{
    /// <summary>More than this many km per day since the previous entry is implausible (documented in ADR 0003).</summary>
    public const int MaxKmPerDay = 2_000;

    private OdometerFlag() { }

    public OdometerFlag(long vehicleId, long entryId, OdometerFlagKind kind, int referenceKm, DateOnly referenceDate, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        EntryId = entryId;
        Kind = kind;
        ReferenceKm = referenceKm;
        ReferenceDate = referenceDate;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public long EntryId { get; private set; }
    public OdometerFlagKind Kind { get; private set; }
    public int ReferenceKm { get; private set; }
    public DateOnly ReferenceDate { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? Resolution { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    public void Confirm(DateTimeOffset now) => Resolve("bestaetigt", now);

    public void ResolveByCorrection(DateTimeOffset now) => Resolve("korrigiert", now);

    private void Resolve(string how, DateTimeOffset now)
    {
        if (ResolvedAt is not null) return;
        ResolvedAt = now;
        Resolution = how;
    }

    /// <summary>
    /// The rule: a reading lower than the highest reading of an earlier-dated entry, or more than
    /// <see cref="MaxKmPerDay"/> per day since the closest earlier entry.
    /// </summary>
    public static (OdometerFlagKind Kind, int ReferenceKm, DateOnly ReferenceDate)? Check(DateOnly date, int km,
        (int Km, DateOnly Date)? highestEarlier, (int Km, DateOnly Date)? previous)
    {
        if (highestEarlier is { } h && km < h.Km) return (OdometerFlagKind.LowerThanEarlier, h.Km, h.Date);
        if (previous is { } p)
        {
            var days = Math.Max(1, date.DayNumber - p.Date.DayNumber);
            if ((long)(km - p.Km) > (long)MaxKmPerDay * days) return (OdometerFlagKind.ImplausibleJump, p.Km, p.Date);
        }
        return null;
    }
}
