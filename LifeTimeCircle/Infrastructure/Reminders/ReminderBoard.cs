using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Reminders;

/// <summary>One reminder of a vehicle with where it stands today.</summary>
public sealed record ReminderView(string PublicId, long VehicleId, string Name, ReminderItem Item, EntryCategory CompletedBy,
    int? EveryMonths, int? EveryKm, ReminderStatus Status)
{
    public string StatusLabel => ReminderTexts.Label(Status.State);
    public string StatusText => ReminderTexts.Describe(Status);
    public string? Recurrence => ReminderTexts.Recurrence(EveryMonths, EveryKm);
}

/// <summary>
/// Reminders with their state computed from today (Berlin) and the vehicle's latest odometer reading (the reading of the
/// latest-dated entry). Used by the reminder pages, the dashboard and the calendar feed. The caller has already checked
/// that the vehicles belong to the user.
/// </summary>
public sealed class ReminderBoard(AppDbContext db, TimeProvider clock)
{
    public DateOnly Today => Display.BerlinDate(clock.GetUtcNow());

    public async Task<IReadOnlyList<ReminderView>> ForVehiclesAsync(IReadOnlyCollection<long> vehicleIds, CancellationToken ct)
    {
        if (vehicleIds.Count == 0) return [];
        var reminders = await db.Reminders.AsNoTracking().Where(r => vehicleIds.Contains(r.VehicleId)).ToListAsync(ct);
        if (reminders.Count == 0) return [];
        var today = Today;
        var currentKm = new Dictionary<long, int?>();
        var matching = new Dictionary<(long, EntryCategory), (DateOnly, int)?>();
        var result = new List<ReminderView>(reminders.Count);
        foreach (var r in reminders)
        {
            if (!currentKm.TryGetValue(r.VehicleId, out var km))
            {
                km = currentKm[r.VehicleId] = await LatestOf(db.Entries.Where(e => e.VehicleId == r.VehicleId && e.IsLatest))
                    .Select(e => (int?)e.OdometerKm).FirstOrDefaultAsync(ct);
            }
            if (!matching.TryGetValue((r.VehicleId, r.CompletedBy), out var last))
            {
                var hit = await LatestOf(db.Entries.Where(e => e.VehicleId == r.VehicleId && e.IsLatest && e.Category == r.CompletedBy))
                    .Select(e => new { e.Date, e.OdometerKm }).FirstOrDefaultAsync(ct);
                last = matching[(r.VehicleId, r.CompletedBy)] = hit is null ? null : (hit.Date, hit.OdometerKm);
            }
            var done = await LatestOf(db.Entries.Where(Reminder.Completes(r.VehicleId, r.CompletedBy, r.CreatedOn, r.CreatedAt)))
                .Select(e => new { e.Date, e.OdometerKm }).FirstOrDefaultAsync(ct);
            var status = ReminderSchedule.Evaluate(r.Rule, last, done is null ? null : (done.Date, done.OdometerKm), today, km);
            result.Add(new ReminderView(r.PublicId, r.VehicleId, r.Name, r.Item, r.CompletedBy, r.EveryMonths, r.EveryKm, status));
        }
        return Sort(result);
    }

    /// <summary>Overdue first (the most overdue first), then due soon, planned (earliest first), without date, done.</summary>
    public static IReadOnlyList<ReminderView> Sort(IEnumerable<ReminderView> views) =>
        views.OrderBy(v => v.Status.Urgency)
            .ThenBy(v => Math.Min(v.Status.DaysLeft ?? int.MaxValue, v.Status.KmLeft is { } k ? k / 50 : int.MaxValue))
            .ThenBy(v => v.Name, StringComparer.Ordinal)
            .ToList();

    private static IQueryable<Entry> LatestOf(IQueryable<Entry> entries) =>
        entries.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id);
}

/// <summary>German texts for reminder states: „fällig in 3 Wochen“, „überfällig seit 200 km“.</summary>
public static class ReminderTexts
{
    public static string Label(ReminderState state) => state switch
    {
        ReminderState.Ueberfaellig => "Überfällig",
        ReminderState.BaldFaellig => "Bald fällig",
        ReminderState.Geplant => "Geplant",
        ReminderState.OhneTermin => "Ohne Termin",
        _ => "Erledigt",
    };

    public static string Describe(ReminderStatus s)
    {
        switch (s.State)
        {
            case ReminderState.Erledigt:
                return s.CompletedOn is { } on ? "erledigt am " + Display.Date(on) : "erledigt";
            case ReminderState.OhneTermin:
                return "noch kein Termin – erfassen Sie die letzte Durchführung als Eintrag";
            case ReminderState.Ueberfaellig:
                var late = new List<string>();
                if (s.DaysLeft is int d and < 0) late.Add("seit " + Span(-d));
                if (s.KmLeft is int k and < 0) late.Add("seit " + Display.Km(-k));
                return "überfällig " + string.Join(" und ", late);
            default:
                if (s.DaysLeft == 0) return "heute fällig";
                if (s.KmLeft == 0) return "jetzt fällig";
                var parts = new List<string>();
                if (s.DaysLeft is { } days)
                {
                    parts.Add(s.State == ReminderState.BaldFaellig ? "in " + Span(days) : "am " + Display.Date(s.DueDate!.Value));
                }
                if (s.KmLeft is { } km)
                {
                    parts.Add(s.State == ReminderState.BaldFaellig ? "in " + Display.Km(km) : "bei " + Display.Km(s.DueKm!.Value));
                }
                else if (s.DueKm is { } dueKm)
                {
                    parts.Add("bei " + Display.Km(dueKm));
                }
                return "fällig " + string.Join(" oder ", parts);
        }
    }

    /// <summary>„1 Tag“, „12 Tagen“, „3 Wochen“, „5 Monaten“, „2 Jahren“ (dative, after „in“/„seit“).</summary>
    public static string Span(int days) => days switch
    {
        < 14 => Display.Count(days, "Tag", "Tagen"),
        < 61 => Display.Count((int)Math.Round(days / 7d), "Woche", "Wochen"),
        < 730 => Display.Count((int)Math.Round(days / 30.44), "Monat", "Monaten"),
        _ => Display.Count((int)Math.Round(days / 365.25), "Jahr", "Jahren"),
    };

    public static string? Recurrence(int? months, int? km)
    {
        if (months is null && km is null) return null;
        var parts = new List<string>();
        if (months is { } m) parts.Add(m == 1 ? "jeden Monat" : "alle " + Display.Count(m, "Monat", "Monate"));
        if (km is { } k) parts.Add("alle " + Display.Km(k));
        return "wiederkehrend: " + string.Join(" oder ", parts);
    }
}
