using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain.Workshops;

namespace LifeTimeCircle.Pages.Betrieb.Annahme;

/// <summary>What „Punkt hinzufügen“ posts; <see cref="Key"/> is made when the form is shown (idempotency).</summary>
public sealed class IntakeItemInput
{
    [Required(ErrorMessage = "Bitte geben Sie einen Titel an.")]
    [StringLength(IntakeItem.MaxTitleLength, ErrorMessage = "Höchstens 120 Zeichen.")]
    public string? Title { get; set; }
    [Required(ErrorMessage = "Bitte wählen Sie die Art.")]
    public IntakeItemKind? Kind { get; set; }
    [Required(ErrorMessage = "Bitte wählen Sie die Schwere.")]
    public IntakeSeverity? Severity { get; set; }
    [StringLength(IntakeItem.MaxDetailsLength, ErrorMessage = "Höchstens 1000 Zeichen.")]
    public string? Details { get; set; }
    /// <summary>Made when the form is shown; the same key twice adds one item.</summary>
    public string Key { get; set; } = "";
}

public sealed class IntakeNotesInput
{
    [StringLength(IntakeSession.MaxObservationsLength, ErrorMessage = "Höchstens 4000 Zeichen.")]
    public string? Observations { get; set; }
}
