using System.Text.RegularExpressions;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Workshops;

public enum SystemLogKind { ObdAuslesung, GpsProbefahrt }

/// <summary>What the workshop enters for one system log.</summary>
public sealed record SystemLogValues(SystemLogKind Kind, int? OdometerKm, string? FaultCodes, int? DistanceKm, int? DurationMinutes, string? Note);

/// <summary>
/// An essential system log of a vehicle (SPEC §13, issue 17 item 5): an OBD readout or a GPS test drive recorded by a
/// workshop. Append-only: the database refuses every UPDATE and DELETE (Data/SystemLogTriggers.cs). A mistake is
/// corrected by a new event that references the original (<see cref="CorrectsEventId"/>) and says why.
/// </summary>
public sealed partial class SystemLogEvent
{
    public const int MaxNoteLength = 500;
    public const int MaxFaultCodes = 30;
    public const int MaxDistanceKm = 2000;
    public const int MaxDurationMinutes = 1440;
    /// <summary>Logs one business may record for one vehicle within 24 hours: the rows can never be removed, so a runaway script or a misuse stays bounded.</summary>
    public const int MaxPerVehicleAndDay = 20;

    private SystemLogEvent() { }

    public SystemLogEvent(long vehicleId, long businessId, long grantId, long? sessionId, SystemLogValues v, SystemLogEvent? corrects, string idempotencyKey,
        string recordedBy, DateTimeOffset now)
    {
        if (!PublicIds.LooksValid(idempotencyKey)) throw new DomainException("Das Formular ist veraltet. Bitte laden Sie die Seite neu und senden Sie es noch einmal.");
        var note = string.IsNullOrWhiteSpace(v.Note) ? null : v.Note.Trim();
        if (note is { Length: > MaxNoteLength }) throw new DomainException($"Höchstens {MaxNoteLength} Zeichen.", "Note");
        if (corrects is not null)
        {
            if (corrects.VehicleId != vehicleId || corrects.Kind != v.Kind) throw new DomainException("Eine Korrektur muss zum selben Fahrzeug und zur selben Art gehören.");
            if (note is null) throw new DomainException("Bitte begründen Sie die Korrektur.", "Note");
        }
        if (v.OdometerKm is < 0 or > Entry.MaxOdometerKm) throw new DomainException("Bitte geben Sie einen gültigen Kilometerstand an.", "Odometer");
        if (v.Kind == SystemLogKind.ObdAuslesung)
        {
            FaultCodes = NormalizeCodes(v.FaultCodes);
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(v.FaultCodes)) throw new DomainException("Fehlercodes gehören zu einer OBD-Auslesung.", "FaultCodes");
            if (v.DistanceKm is not (> 0 and <= MaxDistanceKm)) throw new DomainException($"Bitte geben Sie die Strecke in ganzen Kilometern an (1 bis {MaxDistanceKm}).", "Distance");
            if (v.DurationMinutes is not (> 0 and <= MaxDurationMinutes)) throw new DomainException($"Bitte geben Sie die Dauer in Minuten an (1 bis {MaxDurationMinutes}).", "Duration");
            DistanceKm = v.DistanceKm;
            DurationMinutes = v.DurationMinutes;
        }
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        BusinessId = businessId;
        GrantId = grantId;
        SessionId = sessionId;
        Kind = v.Kind;
        OdometerKm = v.OdometerKm;
        Note = note;
        CorrectsEventId = corrects?.Id;
        IdempotencyKey = idempotencyKey;
        RecordedBy = recordedBy;
        RecordedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public long BusinessId { get; private set; }
    public long GrantId { get; private set; }
    /// <summary>The intake session it was recorded in, if any.</summary>
    public long? SessionId { get; private set; }
    public SystemLogKind Kind { get; private set; }
    public int? OdometerKm { get; private set; }
    /// <summary>OBD fault codes (e.g. „P0301 P0420“), upper case, separated by one space; null: none stored.</summary>
    public string? FaultCodes { get; private set; }
    public int? DistanceKm { get; private set; }
    public int? DurationMinutes { get; private set; }
    public string? Note { get; private set; }
    /// <summary>The event this one corrects (the original stays as it was).</summary>
    public long? CorrectsEventId { get; private set; }
    /// <summary>The key the form carried: a double submit finds this event instead of writing a second one that could never be removed.</summary>
    public string IdempotencyKey { get; private set; } = "";
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Fault codes as typed (spaces, commas, any case) → „P0301 P0420“; null for none.</summary>
    public static string? NormalizeCodes(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var codes = typed.Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.ToUpperInvariant()).Distinct().ToList();
        if (codes.Count > MaxFaultCodes) throw new DomainException($"Höchstens {MaxFaultCodes} Fehlercodes.", "FaultCodes");
        if (codes.Any(c => !CodePattern().IsMatch(c)))
        {
            throw new DomainException("Fehlercodes bestehen aus P, C, B oder U und vier Zeichen 0–9 oder A–F, z. B. P0301.", "FaultCodes");
        }
        return string.Join(' ', codes);
    }

    [GeneratedRegex("^[PCBU][0-9A-F]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}

/// <summary>
/// The vehicle owner hid a workshop's note on a system log (ADR 0019 item 11): the log itself can never change, so the
/// hiding is a row of its own, removed again when the owner shows the note. The workshop still sees its own note.
/// </summary>
public sealed class SystemLogNoteHide
{
    private SystemLogNoteHide() { }

    public SystemLogNoteHide(long eventId, string hiddenBy, DateTimeOffset now)
    {
        EventId = eventId;
        HiddenBy = hiddenBy;
        HiddenAt = now;
    }

    public long Id { get; private set; }
    public long EventId { get; private set; }
    public string HiddenBy { get; private set; } = "";
    public DateTimeOffset HiddenAt { get; private set; }
}

public static class SystemLogTexts
{
    public static string Kind(SystemLogKind k) => k switch
    {
        SystemLogKind.ObdAuslesung => "OBD-Auslesung",
        SystemLogKind.GpsProbefahrt => "GPS-Probefahrt",
        _ => k.ToString(),
    };
}
