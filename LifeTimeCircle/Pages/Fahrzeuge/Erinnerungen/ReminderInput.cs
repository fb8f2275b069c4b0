using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Reminders;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LifeTimeCircle.Pages.Fahrzeuge.Erinnerungen;

/// <summary>What the reminder form posts. Numbers and dates stay strings so nothing typed is lost on an error.</summary>
public sealed class ReminderInput
{
    [Required(ErrorMessage = "Bitte wählen Sie, woran erinnert werden soll.")]
    public ReminderItem? Item { get; set; }

    [StringLength(Reminder.MaxTitleLength, ErrorMessage = "Höchstens 60 Zeichen.")]
    public string? Title { get; set; }

    /// <summary>Empty = the usual category of the item (<see cref="ReminderItems.DefaultCategory"/>).</summary>
    public EntryCategory? CompletedBy { get; set; }

    [StringLength(20, ErrorMessage = "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2027.")]
    public string? DueDate { get; set; }

    [StringLength(20, ErrorMessage = "Bitte geben Sie den Kilometerstand als ganze Zahl an, z. B. 120.000.")]
    public string? DueKm { get; set; }

    [StringLength(10, ErrorMessage = "Bitte geben Sie eine ganze Zahl an.")]
    public string? EveryMonths { get; set; }

    [StringLength(20, ErrorMessage = "Bitte geben Sie eine ganze Zahl an, z. B. 15.000.")]
    public string? EveryKm { get; set; }

    [StringLength(10, ErrorMessage = "Bitte geben Sie eine ganze Zahl an.")]
    public string WarnDays { get; set; } = Reminder.DefaultWarnDays.ToString(CultureInfo.InvariantCulture);

    [StringLength(20, ErrorMessage = "Bitte geben Sie eine ganze Zahl an.")]
    public string WarnKm { get; set; } = Display.Number(Reminder.DefaultWarnKm);

    /// <summary>The form filled with a stored reminder (for editing).</summary>
    public static ReminderInput From(Reminder r) => new()
    {
        Item = r.Item,
        Title = r.Title,
        CompletedBy = r.CompletedBy == ReminderItems.DefaultCategory(r.Item) ? null : r.CompletedBy,
        DueDate = r.DueDate is { } d ? Display.Date(d) : null,
        DueKm = r.DueKm is { } km ? Display.Number(km) : null,
        EveryMonths = r.EveryMonths?.ToString(CultureInfo.InvariantCulture),
        EveryKm = r.EveryKm is { } every ? Display.Number(every) : null,
        WarnDays = r.WarnDays.ToString(CultureInfo.InvariantCulture),
        WarnKm = Display.Number(r.WarnKm),
    };

    private static readonly string[] DateFormats = ["d.M.yyyy", "dd.MM.yyyy", "yyyy-MM-dd", "d.M.yy"];

    /// <summary>Parses the fields and builds the reminder; German errors go to ModelState under "Input.*".</summary>
    public Reminder? ToReminder(long vehicleId, DateOnly today, DateTimeOffset now, ModelStateDictionary state)
    {
        DateOnly? dueDate = null;
        if (!string.IsNullOrWhiteSpace(DueDate))
        {
            if (DateOnly.TryParseExact(DueDate.Trim(), DateFormats, Display.Culture, DateTimeStyles.None, out var d)) dueDate = d;
            else state.AddModelError("Input." + nameof(DueDate), "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2027.");
        }
        var dueKm = Km(DueKm, nameof(DueKm), "Bitte geben Sie den Kilometerstand als ganze Zahl an, z. B. 120.000.", state);
        var everyMonths = Whole(EveryMonths, nameof(EveryMonths), state);
        var everyKm = Km(EveryKm, nameof(EveryKm), "Bitte geben Sie das Intervall als ganze Zahl an, z. B. 15.000.", state);
        var warnDays = Whole(WarnDays, nameof(WarnDays), state) ?? Reminder.DefaultWarnDays;
        var warnKm = Km(WarnKm, nameof(WarnKm), "Bitte geben Sie eine ganze Zahl an, z. B. 1.000.", state) ?? Reminder.DefaultWarnKm;
        if (!state.IsValid || Item is not { } item) return null;
        try
        {
            return new Reminder(vehicleId, item, item == ReminderItem.Sonstiges ? Title : null, CompletedBy ?? ReminderItems.DefaultCategory(item),
                dueDate, dueKm, everyMonths, everyKm, warnDays, warnKm, today, now);
        }
        catch (DomainException ex)
        {
            state.AddDomainError(ex);
            return null;
        }
    }

    private static int? Km(string? text, string field, string message, ModelStateDictionary state)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Kilometres.TryParse(text, out var km)) return km;
        state.AddModelError("Input." + field, message);
        return null;
    }

    private static int? Whole(string? text, string field, ModelStateDictionary state)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        state.AddModelError("Input." + field, "Bitte geben Sie eine ganze Zahl an, z. B. 24.");
        return null;
    }
}
