using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

/// <summary>What the entry forms post (new entry and correction). Strings are kept so nothing typed is lost.</summary>
public sealed class EntryInput
{
    [Required(ErrorMessage = "Bitte geben Sie das Datum an (TT.MM.JJJJ).")]
    public string Date { get; set; } = "";

    [Required(ErrorMessage = "Bitte wählen Sie eine Kategorie.")]
    public EntryCategory? Category { get; set; }

    [Required(ErrorMessage = "Bitte wählen Sie, wer die Arbeit ausgeführt hat.")]
    public BusinessType? PerformedBy { get; set; }

    [StringLength(120, ErrorMessage = "Höchstens 120 Zeichen.")]
    public string? PerformedByName { get; set; }

    [Required(ErrorMessage = "Bitte geben Sie den Kilometerstand an.")]
    public string Odometer { get; set; } = "";

    [StringLength(2000, ErrorMessage = "Die Bemerkung darf höchstens 2000 Zeichen lang sein.")]
    public string? Remark { get; set; }

    [StringLength(20, ErrorMessage = "Bitte geben Sie einen Betrag wie 1.234,56 ein.")]
    public string? Cost { get; set; }

    public bool IsNachtrag { get; set; }

    private static readonly string[] DateFormats = ["d.M.yyyy", "dd.MM.yyyy", "yyyy-MM-dd", "d.M.yy"];

    /// <summary>Parses the text fields; adds German errors to ModelState under "Input.*".</summary>
    public EntryValues? ToValues(ModelStateDictionary state, string prefix = "Input.")
    {
        var (date, km, cents) = ParseTexts(Date, Odometer, Cost, state, prefix);
        if (!state.IsValid || Category is null || PerformedBy is null) return null;
        return new EntryValues(date, Category.Value, PerformedBy.Value, PerformedByName, km, Remark, cents, IsNachtrag);
    }

    /// <summary>
    /// Date, odometer and cost as typed in any entry form (the owner's and a workshop's proposal): German errors under
    /// <paramref name="prefix"/> + Date / Odometer / Cost; empty fields are left to the required rules.
    /// </summary>
    public static (DateOnly Date, int Km, long? Cents) ParseTexts(string? dateText, string? odometer, string? cost, ModelStateDictionary state, string prefix = "Input.")
    {
        DateOnly date = default;
        if (!string.IsNullOrWhiteSpace(dateText) && !DateOnly.TryParseExact(dateText.Trim(), DateFormats, Display.Culture, DateTimeStyles.None, out date))
        {
            state.AddModelError(prefix + nameof(Date), "Bitte geben Sie das Datum als TT.MM.JJJJ an, z. B. 14.03.2024.");
        }
        int km = 0;
        if (!string.IsNullOrWhiteSpace(odometer) && !Kilometres.TryParse(odometer, out km))
        {
            state.AddModelError(prefix + nameof(Odometer), "Bitte geben Sie den Kilometerstand als ganze Zahl an, z. B. 123.456.");
        }
        long? cents = null;
        if (!string.IsNullOrWhiteSpace(cost))
        {
            if (Money.TryParseToCents(cost, out var c)) cents = c;
            else state.AddModelError(prefix + nameof(Cost), "Bitte geben Sie einen Betrag wie 1.234,56 oder 1234.56 ein.");
        }
        return (date, km, cents);
    }

    public static EntryInput From(Entry e) => new()
    {
        Date = Display.Date(e.Date),
        Category = e.Category,
        PerformedBy = e.PerformedBy,
        PerformedByName = e.PerformedByName,
        Odometer = e.OdometerKm.ToString(CultureInfo.InvariantCulture),
        Remark = e.Remark,
        Cost = e.CostCents is { } c ? Money.ToInput(c) : null,
        IsNachtrag = e.IsNachtrag,
    };
}
