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

    /// <summary>
    /// An entry from a spreadsheet import (issue 18): a Nachtrag marked „importiert“ with its import run; it counts as T1
    /// until evidence is attached. <paramref name="requiredFieldsMissing"/>: the file had no „performed by“ for it
    /// (stored as Sonstiges, shown as missing, trust reason entry_required_fields_missing until corrected).
    /// </summary>
    public static Entry Imported(long vehicleId, EntryValues values, string createdBy, DateTimeOffset now, DateOnly today, long importRunId, bool requiredFieldsMissing)
    {
        var entry = new Entry(vehicleId, PublicIds.New(), 1, values, createdBy, now, today, null)
        {
            ImportRunId = importRunId,
            RequiredFieldsMissing = requiredFieldsMissing,
        };
        return entry;
    }

    /// <summary>A correction: a new version of this group. This version stops being the latest.</summary>
    public Entry Correct(EntryValues values, string createdBy, DateTimeOffset now, DateOnly today)
    {
        if (!IsLatest) throw new DomainException("Nur die neueste Fassung kann korrigiert werden.");
        // The origin of the group stays: a corrected workshop proposal is still one.
        var next = new Entry(VehicleId, GroupId, Version + 1, values, createdBy, now, today, ProposedByBusinessName) { ImportRunId = ImportRunId };
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
    /// <summary>Set when the entry came from a spreadsheet import („importiert“); a correction keeps the origin.</summary>
    public long? ImportRunId { get; private set; }
    /// <summary>An imported entry without a required value (performed by); a correction (all fields required) clears it.</summary>
    public bool RequiredFieldsMissing { get; private set; }

    /// <summary>
    /// Derived, never self-declared (SPEC §4): T3 with valid evidence attached, else T2 when the vehicle has a
    /// physical service book, else T1. Evidence comes from the documents feature.
    /// </summary>
    public static EntryTrustLevel TrustLevel(bool hasValidEvidence, bool vehicleHasPhysicalServiceBook) =>
        hasValidEvidence ? EntryTrustLevel.T3 : vehicleHasPhysicalServiceBook ? EntryTrustLevel.T2 : EntryTrustLevel.T1;
}

/// <summary>
/// Why a reading does not fit: lower than an earlier-dated entry, higher than a later-dated entry (e.g. a Nachtrag with
/// more kilometres than the entries after it), or an implausible distance per day since the previous entry.
/// </summary>
public enum OdometerFlagKind { LowerThanEarlier, HigherThanLater, ImplausibleJump }

/// <summary>An odometer reading that does not fit the history; open until the owner confirms or corrects it.</summary>
public sealed class OdometerFlag
{
    /// <summary>More than this many km per day since the previous entry is implausible (documented in ADR 0003).</summary>
    public const int MaxKmPerDay = 2_000;

    private OdometerFlag() { }

    public OdometerFlag(long vehicleId, long entryId, OdometerFlagKind kind, int referenceKm, DateOnly referenceDate, DateTimeOffset now,
        string? referenceGroupId = null)
    {
        ReferenceGroupId = referenceGroupId;
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

    /// <summary>The neighbouring entry (its public group id) the reading conflicts with; null on flags older than issue 22.</summary>
    public string? ReferenceGroupId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? Resolution { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    /// <summary>The resolution of a reading the owner confirmed as correct.</summary>
    public const string Confirmed = "bestaetigt";

    public bool IsConfirmed => Resolution == Confirmed;

    public void Confirm(DateTimeOffset now) => Resolve(Confirmed, now);

    public void ResolveByCorrection(DateTimeOffset now) => Resolve("korrigiert", now);

    /// <summary>The conflict is gone because a neighbouring entry was added or corrected.</summary>
    public void ResolveAsObsolete(DateTimeOffset now) => Resolve("entfallen", now);

    /// <summary>An open flag follows its neighbour's current reading (the neighbour may have been corrected meanwhile).</summary>
    public void Follow(OdometerFinding finding)
    {
        if (!IsOpen || !Describes(finding)) return;
        ReferenceGroupId = finding.ReferenceGroupId;
        ReferenceKm = finding.ReferenceKm;
        ReferenceDate = finding.ReferenceDate;
    }

    /// <summary>Whether this flag describes <paramref name="finding"/> (same kind, same neighbour; old flags name no neighbour).</summary>
    public bool Describes(OdometerFinding finding) =>
        Kind == finding.Kind && (ReferenceGroupId is null || ReferenceGroupId == finding.ReferenceGroupId);

    private void Resolve(string how, DateTimeOffset now)
    {
        if (ResolvedAt is not null) return;
        ResolvedAt = now;
        Resolution = how;
    }

    /// <summary>
    /// The rule: a reading lower than the highest reading of an earlier-dated entry, higher than the lowest reading of a
    /// later-dated entry, or more than
    /// <see cref="MaxKmPerDay"/> per day since the closest earlier entry.
    /// </summary>
    public static (OdometerFlagKind Kind, int ReferenceKm, DateOnly ReferenceDate)? Check(DateOnly date, int km,
        (int Km, DateOnly Date)? highestEarlier, (int Km, DateOnly Date)? previous, (int Km, DateOnly Date)? lowestLater = null)
    {
        if (highestEarlier is { } h && km < h.Km) return (OdometerFlagKind.LowerThanEarlier, h.Km, h.Date);
        if (lowestLater is { } l && km > l.Km) return (OdometerFlagKind.HigherThanLater, l.Km, l.Date);
        if (previous is { } p)
        {
            var days = Math.Max(1, date.DayNumber - p.Date.DayNumber);
            if ((long)(km - p.Km) > (long)MaxKmPerDay * days) return (OdometerFlagKind.ImplausibleJump, p.Km, p.Date);
        }
        return null;
    }
}

/// <summary>One latest entry as the odometer review sees it.</summary>
public sealed record OdometerReading(long EntryId, string GroupId, DateOnly Date, int Km);

/// <summary>What the review finds for one entry: the kind and the neighbour it conflicts with.</summary>
public sealed record OdometerFinding(long EntryId, OdometerFlagKind Kind, string ReferenceGroupId, int ReferenceKm, DateOnly ReferenceDate);

/// <summary>
/// The odometer plausibility of a whole timeline, both ways (SPEC §4, issue 22): every latest entry is compared with
/// the highest earlier-dated reading, the lowest later-dated reading and the closest earlier entry, so a Nachtrag with
/// more kilometres than the entries after it flags both, and correcting the outlier clears both.
/// </summary>
public static class OdometerReview
{
    public static IReadOnlyList<OdometerFinding> Review(IEnumerable<OdometerReading> readings)
    {
        var sorted = readings.OrderBy(r => r.Date).ThenBy(r => r.EntryId).ToList();
        var days = sorted.GroupBy(r => r.Date).Select(g => g.ToList()).ToList();
        // Highest reading before each day and lowest after it (entries of the same day never conflict with each other).
        var highestBefore = new OdometerReading?[days.Count];
        var lowestAfter = new OdometerReading?[days.Count];
        OdometerReading? best = null;
        for (var i = 0; i < days.Count; i++)
        {
            highestBefore[i] = best;
            foreach (var r in days[i]) if (best is null || r.Km > best.Km) best = r;
        }
        best = null;
        for (var i = days.Count - 1; i >= 0; i--)
        {
            lowestAfter[i] = best;
            foreach (var r in days[i]) if (best is null || r.Km < best.Km) best = r;
        }
        var findings = new List<OdometerFinding>();
        for (var i = 0; i < days.Count; i++)
        {
            var previous = i == 0 ? null : days[i - 1][^1];
            foreach (var r in days[i])
            {
                var h = highestBefore[i];
                var l = lowestAfter[i];
                var result = OdometerFlag.Check(r.Date, r.Km, h is null ? null : (h.Km, h.Date), previous is null ? null : (previous.Km, previous.Date),
                    l is null ? null : (l.Km, l.Date));
                if (result is not { } found) continue;
                var neighbour = found.Kind switch
                {
                    OdometerFlagKind.LowerThanEarlier => h!,
                    OdometerFlagKind.HigherThanLater => l!,
                    _ => previous!,
                };
                findings.Add(new OdometerFinding(r.EntryId, found.Kind, neighbour.GroupId, neighbour.Km, neighbour.Date));
            }
        }
        return findings;
    }
}
