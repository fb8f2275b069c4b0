using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Reminders;

/// <summary>What a maintenance reminder is about: the common items plus free text (<see cref="Sonstiges"/>).</summary>
public enum ReminderItem { HuAu, Oelwechsel, Inspektion, Zahnriemen, Bremsfluessigkeit, Reifenwechsel, Sonstiges }

public static class ReminderItems
{
    public static string Name(ReminderItem item) => item switch
    {
        ReminderItem.HuAu => "HU/AU",
        ReminderItem.Oelwechsel => "Ölwechsel",
        ReminderItem.Zahnriemen => "Zahnriemen",
        ReminderItem.Bremsfluessigkeit => "Bremsflüssigkeit",
        ReminderItem.Reifenwechsel => "Reifenwechsel",
        _ => item.ToString(),
    };

    /// <summary>
    /// The entry category that completes a reminder unless the owner picks another one. Items without a category of
    /// their own go to the category they are usually done in (brake fluid with the service, timing belt as a repair).
    /// </summary>
    public static EntryCategory DefaultCategory(ReminderItem item) => item switch
    {
        ReminderItem.HuAu => EntryCategory.HuAu,
        ReminderItem.Oelwechsel => EntryCategory.Oelwechsel,
        ReminderItem.Inspektion => EntryCategory.Inspektion,
        ReminderItem.Zahnriemen => EntryCategory.Reparatur,
        ReminderItem.Bremsfluessigkeit => EntryCategory.Inspektion,
        ReminderItem.Reifenwechsel => EntryCategory.Reifen,
        _ => EntryCategory.Sonstiges,
    };

    /// <summary>Suggestions offered for a vehicle (never created without the owner's choice).</summary>
    public static readonly IReadOnlyList<ReminderTemplate> Templates =
    [
        new(ReminderItem.HuAu, 24, null, "alle 24 Monate"),
        new(ReminderItem.Inspektion, 12, 20_000, "alle 12 Monate oder 20.000 km"),
        new(ReminderItem.Oelwechsel, 12, 15_000, "alle 12 Monate oder 15.000 km"),
        new(ReminderItem.Bremsfluessigkeit, 24, null, "alle 24 Monate"),
        new(ReminderItem.Zahnriemen, 72, 120_000, "alle 6 Jahre oder 120.000 km"),
        new(ReminderItem.Reifenwechsel, 6, null, "alle 6 Monate (Sommer/Winter)"),
    ];
}

public sealed record ReminderTemplate(ReminderItem Item, int? EveryMonths, int? EveryKm, string Description);

/// <summary>The facts that decide a reminder's state, without persistence.</summary>
public sealed record ReminderRule(DateOnly CreatedOn, DateOnly? DueDate, int? DueKm, int? EveryMonths, int? EveryKm, int WarnDays, int WarnKm);

public enum ReminderState { Erledigt, OhneTermin, Geplant, BaldFaellig, Ueberfaellig }

/// <summary>
/// Where a reminder stands today. <see cref="DaysLeft"/>/<see cref="KmLeft"/> are negative when overdue and null
/// when the reminder has no such part (or no odometer reading exists yet).
/// </summary>
public sealed record ReminderStatus(ReminderState State, DateOnly? DueDate, int? DueKm, int? DaysLeft, int? KmLeft, DateOnly? CompletedOn)
{
    /// <summary>Order on lists: overdue first (most overdue first), then due soon, planned, without date, done.</summary>
    public int Urgency => State switch
    {
        ReminderState.Ueberfaellig => 0,
        ReminderState.BaldFaellig => 1,
        ReminderState.Geplant => 2,
        ReminderState.OhneTermin => 3,
        _ => 4,
    };
}

/// <summary>
/// The scheduling rule (SPEC §14, ADR 0013). A reminder is due by date and/or odometer. An entry of the reminder's
/// category completes it when it is dated on or after the day the reminder was set up, or when it was saved after the
/// reminder and is not a Nachtrag (the HU done last week and entered today counts; a page copied from an old paper
/// service book does not) — see <see cref="Reminder.Completes"/>. A one-off reminder is then done; a recurring one is
/// due again <c>EveryMonths</c> after the date of the latest matching entry and/or <c>EveryKm</c> after its odometer
/// reading. A recurring reminder without an explicit first due date is measured from the latest matching entry of any
/// date (the history entered during onboarding counts).
/// </summary>
public static class ReminderSchedule
{
    /// <param name="lastMatching">The latest-dated entry of the reminder's category, of any date.</param>
    /// <param name="completing">The latest-dated entry that completes the reminder (<see cref="Reminder.Completes"/>).</param>
    public static ReminderStatus Evaluate(ReminderRule r, (DateOnly Date, int Km)? lastMatching, (DateOnly Date, int Km)? completing,
        DateOnly today, int? currentKm)
    {
        var recurring = r.EveryMonths is not null || r.EveryKm is not null;
        DateOnly? dueDate;
        int? dueKm;
        if (!recurring)
        {
            if (completing is { } done) return new ReminderStatus(ReminderState.Erledigt, r.DueDate, r.DueKm, null, null, done.Date);
            (dueDate, dueKm) = (r.DueDate, r.DueKm);
        }
        else
        {
            // The explicit first due date applies until an entry from the reminder's set-up on completes it.
            var measuredFrom = completing is not null || (r.DueDate is null && r.DueKm is null) ? lastMatching ?? completing : null;
            if (measuredFrom is { } c)
            {
                dueDate = r.EveryMonths is { } months ? c.Date.AddMonths(months) : null;
                dueKm = r.EveryKm is { } km ? c.Km + km : null;
            }
            else
            {
                (dueDate, dueKm) = (r.DueDate, r.DueKm);
            }
        }

        int? daysLeft = dueDate is { } d ? d.DayNumber - today.DayNumber : null;
        int? kmLeft = dueKm is { } k && currentKm is { } now ? k - now : null;
        if (dueDate is null && dueKm is null) return new ReminderStatus(ReminderState.OhneTermin, null, null, null, null, null);
        var state = daysLeft < 0 || kmLeft < 0 ? ReminderState.Ueberfaellig
            : daysLeft <= r.WarnDays || kmLeft <= r.WarnKm ? ReminderState.BaldFaellig
            : ReminderState.Geplant;
        return new ReminderStatus(state, dueDate, dueKm, daysLeft, kmLeft, null);
    }
}

/// <summary>A maintenance reminder of a vehicle (SPEC §14). Its state is derived, see <see cref="ReminderSchedule"/>.</summary>
public sealed class Reminder
{
    public const int MaxTitleLength = 60;

    private Reminder() { }

    public Reminder(long vehicleId, ReminderItem item, string? title, EntryCategory completedBy, DateOnly? dueDate, int? dueKm,
        int? everyMonths, int? everyKm, int warnDays, int warnKm, DateOnly today, DateTimeOffset now)
    {
        title = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        if (item == ReminderItem.Sonstiges && title is null) throw new DomainException("Bitte beschreiben Sie, woran erinnert werden soll.", "Title");
        if (title is { Length: > MaxTitleLength }) throw new DomainException($"Höchstens {MaxTitleLength} Zeichen.", "Title");
        if (dueDate is null && dueKm is null && everyMonths is null && everyKm is null)
            throw new DomainException("Bitte geben Sie ein Fälligkeitsdatum, einen Kilometerstand oder ein Intervall an.", "DueDate");
        if (dueDate is { } d && (d.Year < 1900 || d.Year > today.Year + 30)) throw new DomainException("Das Datum liegt außerhalb des möglichen Bereichs.", "DueDate");
        if (dueKm is < 0 or > Entry.MaxOdometerKm) throw new DomainException("Der Kilometerstand muss zwischen 0 und 5.000.000 liegen.", "DueKm");
        if (everyMonths is < 1 or > 240) throw new DomainException("Das Intervall in Monaten muss zwischen 1 und 240 liegen.", "EveryMonths");
        if (everyKm is < 100 or > 1_000_000) throw new DomainException("Das Intervall in Kilometern muss zwischen 100 und 1.000.000 liegen.", "EveryKm");
        if (warnDays is < 0 or > 365) throw new DomainException("Die Vorwarnzeit muss zwischen 0 und 365 Tagen liegen.", "WarnDays");
        if (warnKm is < 0 or > 100_000) throw new DomainException("Die Vorwarnung in Kilometern muss zwischen 0 und 100.000 liegen.", "WarnKm");
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        Item = item;
        Title = title;
        CompletedBy = completedBy;
        DueDate = dueDate;
        DueKm = dueKm;
        EveryMonths = everyMonths;
        EveryKm = everyKm;
        WarnDays = warnDays;
        WarnKm = warnKm;
        CreatedOn = today;
        CreatedAt = now;
    }

    /// <summary>
    /// Takes over what the owner chose from <paramref name="edited"/> (built and checked like a new one). The day it was
    /// set up stays, so entries that completed it before still do.
    /// </summary>
    public void Change(Reminder edited)
    {
        Item = edited.Item;
        Title = edited.Title;
        CompletedBy = edited.CompletedBy;
        DueDate = edited.DueDate;
        DueKm = edited.DueKm;
        EveryMonths = edited.EveryMonths;
        EveryKm = edited.EveryKm;
        WarnDays = edited.WarnDays;
        WarnKm = edited.WarnKm;
    }

    public const int DefaultWarnDays = 30;
    public const int DefaultWarnKm = 1_000;

    public static Reminder FromTemplate(long vehicleId, ReminderTemplate t, DateOnly today, DateTimeOffset now) =>
        new(vehicleId, t.Item, null, ReminderItems.DefaultCategory(t.Item), null, null, t.EveryMonths, t.EveryKm,
            t.Item == ReminderItem.HuAu ? 42 : DefaultWarnDays, DefaultWarnKm, today, now);

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public ReminderItem Item { get; private set; }
    public string? Title { get; private set; }
    public EntryCategory CompletedBy { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public int? DueKm { get; private set; }
    public int? EveryMonths { get; private set; }
    public int? EveryKm { get; private set; }
    public int WarnDays { get; private set; }
    public int WarnKm { get; private set; }
    public DateOnly CreatedOn { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The last state the owner was notified of (Bald fällig or Überfällig) and the due date/km it was about: derived state
    /// alone cannot tell „became overdue today“. Null until the first notification, and again when the reminder is calm.
    /// </summary>
    public ReminderState? NotifiedState { get; private set; }
    public string? NotifiedDue { get; private set; }

    /// <summary>
    /// True when <paramref name="status"/> is news: it became Bald fällig or Überfällig (for this due date/km) since the
    /// last notification. Records it; a calm state (Geplant, Erledigt …) clears the record so the next round notifies again.
    /// </summary>
    public bool Notify(ReminderStatus status)
    {
        if (status.State is not (ReminderState.BaldFaellig or ReminderState.Ueberfaellig))
        {
            NotifiedState = null;
            NotifiedDue = null;
            return false;
        }
        var due = $"{status.DueDate:yyyy-MM-dd}|{status.DueKm}";
        if (NotifiedState == status.State && NotifiedDue == due) return false;
        // Overdue then „bald fällig“ again for the same due point (a corrected reading) is no news worth a mail.
        if (NotifiedState == ReminderState.Ueberfaellig && status.State == ReminderState.BaldFaellig && NotifiedDue == due) return false;
        NotifiedState = status.State;
        NotifiedDue = due;
        return true;
    }

    public string Name => Title ?? ReminderItems.Name(Item);

    public ReminderRule Rule => new(CreatedOn, DueDate, DueKm, EveryMonths, EveryKm, WarnDays, WarnKm);

    /// <summary>Which entries complete this reminder (see <see cref="ReminderSchedule"/>); usable in database queries.</summary>
    public static System.Linq.Expressions.Expression<Func<Entry, bool>> Completes(long vehicleId, EntryCategory category, DateOnly createdOn, DateTimeOffset createdAt) =>
        e => e.VehicleId == vehicleId && e.IsLatest && e.Category == category && (e.Date >= createdOn || (e.CreatedAt >= createdAt && !e.IsNachtrag));
}

/// <summary>
/// A user's secret calendar address (iCalendar feed of due reminders). Only the SHA-256 of the 128-bit token is stored;
/// the address is shown once when it is created. Rotating replaces the row's hash, revoking deletes the row.
/// </summary>
public sealed class CalendarFeed
{
    private CalendarFeed() { }

    public CalendarFeed(string userId, string tokenHash, DateTimeOffset now)
    {
        UserId = userId;
        TokenHash = tokenHash;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public void Rotate(string tokenHash, DateTimeOffset now)
    {
        TokenHash = tokenHash;
        CreatedAt = now;
    }
}
