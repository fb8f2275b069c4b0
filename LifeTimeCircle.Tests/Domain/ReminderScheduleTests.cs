using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Reminders;

namespace LifeTimeCircle.Tests.Domain;

public sealed class ReminderScheduleTests
{
    private static readonly DateOnly Created = new(2026, 1, 10);

    private static ReminderRule Rule(DateOnly? dueDate = null, int? dueKm = null, int? months = null, int? km = null, int warnDays = 30, int warnKm = 1000) =>
        new(Created, dueDate, dueKm, months, km, warnDays, warnKm);

    [Fact]
    public void A_reminder_due_by_date_goes_from_planned_to_due_soon_to_overdue()
    {
        var rule = Rule(dueDate: new DateOnly(2026, 6, 30));
        Assert.Equal(ReminderState.Geplant, ReminderSchedule.Evaluate(rule, null, null, new DateOnly(2026, 5, 1), null).State);
        var soon = ReminderSchedule.Evaluate(rule, null, null, new DateOnly(2026, 6, 9), null);
        Assert.Equal(ReminderState.BaldFaellig, soon.State);
        Assert.Equal("fällig in 3 Wochen", ReminderTexts.Describe(soon));
        var late = ReminderSchedule.Evaluate(rule, null, null, new DateOnly(2026, 7, 21), null);
        Assert.Equal(ReminderState.Ueberfaellig, late.State);
        Assert.Equal("überfällig seit 3 Wochen", ReminderTexts.Describe(late));
        Assert.Equal("heute fällig", ReminderTexts.Describe(ReminderSchedule.Evaluate(rule, null, null, new DateOnly(2026, 6, 30), null)));
    }

    [Fact]
    public void A_reminder_due_by_odometer_flips_with_the_latest_reading_and_its_own_threshold()
    {
        var rule = Rule(dueKm: 120_000, warnKm: 2_000);
        var today = new DateOnly(2026, 3, 1);
        Assert.Equal(ReminderState.Geplant, ReminderSchedule.Evaluate(rule, null, null, today, 117_999).State);
        Assert.Equal("fällig bei 120.000 km", ReminderTexts.Describe(ReminderSchedule.Evaluate(rule, null, null, today, 117_999)));
        Assert.Equal(ReminderState.BaldFaellig, ReminderSchedule.Evaluate(rule, null, null, today, 118_000).State);
        var late = ReminderSchedule.Evaluate(rule, null, null, today, 120_200);
        Assert.Equal(ReminderState.Ueberfaellig, late.State);
        Assert.Equal("überfällig seit 200 km", ReminderTexts.Describe(late));
        // Without any odometer reading a km-only reminder is planned, never guessed overdue.
        Assert.Equal(ReminderState.Geplant, ReminderSchedule.Evaluate(rule, null, null, today, null).State);
    }

    [Fact]
    public void Whichever_comes_first_date_or_km_decides()
    {
        var rule = Rule(dueDate: new DateOnly(2027, 1, 1), dueKm: 50_000);
        var s = ReminderSchedule.Evaluate(rule, null, null, new DateOnly(2026, 3, 1), 50_500);
        Assert.Equal(ReminderState.Ueberfaellig, s.State);
        Assert.Equal("überfällig seit 500 km", ReminderTexts.Describe(s));
    }

    [Fact]
    public void A_one_off_reminder_is_done_by_a_matching_entry_from_its_set_up_on_but_not_by_an_older_one()
    {
        var rule = Rule(dueDate: new DateOnly(2026, 1, 1));
        Assert.Equal(ReminderState.Ueberfaellig, ReminderSchedule.Evaluate(rule, (new DateOnly(2025, 12, 1), 10_000), null, new DateOnly(2026, 2, 1), 10_000).State);
        var done = ReminderSchedule.Evaluate(rule, (new DateOnly(2026, 1, 20), 11_000), (new DateOnly(2026, 1, 20), 11_000), new DateOnly(2026, 2, 1), 11_000);
        Assert.Equal(ReminderState.Erledigt, done.State);
        Assert.Equal("erledigt am 20.01.2026", ReminderTexts.Describe(done));
    }

    [Fact]
    public void A_recurring_reminder_is_rescheduled_from_the_completing_entry()
    {
        var rule = Rule(dueDate: new DateOnly(2026, 2, 1), months: 24, km: 30_000);
        // Before completion the explicit first due date applies, even with an older matching entry.
        var before = ReminderSchedule.Evaluate(rule, (new DateOnly(2024, 1, 15), 40_000), null, new DateOnly(2026, 2, 10), 60_000);
        Assert.Equal(ReminderState.Ueberfaellig, before.State);
        Assert.Equal(new DateOnly(2026, 2, 1), before.DueDate);
        // Completed on 15.02.2026 at 61.000 km: next due 15.02.2028 or 91.000 km.
        var after = ReminderSchedule.Evaluate(rule, (new DateOnly(2026, 2, 15), 61_000), (new DateOnly(2026, 2, 15), 61_000), new DateOnly(2026, 2, 16), 61_000);
        Assert.Equal(ReminderState.Geplant, after.State);
        Assert.Equal(new DateOnly(2028, 2, 15), after.DueDate);
        Assert.Equal(91_000, after.DueKm);
        Assert.Equal("fällig am 15.02.2028 oder bei 91.000 km", ReminderTexts.Describe(after));
    }

    [Fact]
    public void A_suggestion_without_first_date_is_measured_from_the_latest_matching_entry_of_any_date()
    {
        var rule = Rule(months: 24);
        Assert.Equal(ReminderState.OhneTermin, ReminderSchedule.Evaluate(rule, null, null, new DateOnly(2026, 2, 1), 10_000).State);
        var s = ReminderSchedule.Evaluate(rule, (new DateOnly(2024, 3, 1), 8_000), null, new DateOnly(2026, 2, 15), 10_000);
        Assert.Equal(new DateOnly(2026, 3, 1), s.DueDate);
        Assert.Equal(ReminderState.BaldFaellig, s.State);
        Assert.Equal("fällig in 2 Wochen", ReminderTexts.Describe(s));
    }

    [Fact]
    public void An_entry_completes_when_dated_from_the_set_up_on_or_saved_afterwards_unless_it_is_a_nachtrag()
    {
        var setUpAt = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var completes = Reminder.Completes(7, EntryCategory.HuAu, Created, setUpAt).Compile();
        Entry E(DateOnly date, DateTimeOffset savedAt, bool nachtrag = false, EntryCategory category = EntryCategory.HuAu, long vehicle = 7) =>
            Entry.Create(vehicle, new EntryValues(date, category, BusinessType.Gesetzliches, null, 1000, null, null, nachtrag), "u", savedAt, new DateOnly(2026, 12, 31));
        Assert.True(completes(E(Created, setUpAt.AddDays(-1))));                       // dated on the set-up day
        Assert.True(completes(E(Created.AddDays(-5), setUpAt.AddHours(1))));           // done last week, entered afterwards
        Assert.False(completes(E(Created.AddDays(-5), setUpAt.AddHours(-1))));         // entered before the reminder existed
        Assert.False(completes(E(new DateOnly(2015, 5, 1), setUpAt.AddHours(1), nachtrag: true))); // history from the paper book
        Assert.False(completes(E(Created, setUpAt, category: EntryCategory.Inspektion)));
        Assert.False(completes(E(Created, setUpAt, vehicle: 8)));
    }

    [Theory]
    [InlineData(1, "1 Tag")]
    [InlineData(13, "13 Tagen")]
    [InlineData(14, "2 Wochen")]
    [InlineData(60, "9 Wochen")]
    [InlineData(61, "2 Monaten")]
    [InlineData(365, "12 Monaten")]
    [InlineData(800, "2 Jahren")]
    public void Spans_read_as_german_dative(int days, string expected) => Assert.Equal(expected, ReminderTexts.Span(days));

    [Fact]
    public void Reminders_are_sorted_overdue_first()
    {
        static ReminderView V(string name, ReminderState state, int? days) =>
            new(name, 1, name, ReminderItem.Sonstiges, EntryCategory.Sonstiges, null, null,
                new ReminderStatus(state, null, null, days, null, null));
        var sorted = ReminderBoard.Sort([V("geplant", ReminderState.Geplant, 100), V("bald", ReminderState.BaldFaellig, 5),
            V("leicht", ReminderState.Ueberfaellig, -2), V("schwer", ReminderState.Ueberfaellig, -200), V("fertig", ReminderState.Erledigt, null)]);
        Assert.Equal(["schwer", "leicht", "bald", "geplant", "fertig"], sorted.Select(v => v.Name));
    }
}
