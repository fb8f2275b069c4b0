using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Infrastructure.Accounts;

namespace LifeTimeCircle.Pages.Konto;

/// <summary>Step 1 of „Redaktionszugang“: the invitation code from the mail.</summary>
public sealed class RedaktionszugangCodeInput
{
    [Required(ErrorMessage = "Bitte geben Sie den Einladungscode ein.")]
    [StringLength(64, ErrorMessage = ModeratorAccreditation.InvalidCode)]
    public string Value { get; set; } = "";
}

/// <summary>Step 2 for a new address: the password of the account the invitation creates.</summary>
public sealed class RedaktionszugangPasswordInput
{
    [Required(ErrorMessage = "Bitte wählen Sie ein Passwort.")]
    [StringLength(256, MinimumLength = 10, ErrorMessage = "Das Passwort muss mindestens {2} Zeichen lang sein.")]
    public string New { get; set; } = "";

    [Compare(nameof(New), ErrorMessage = "Die Passwörter stimmen nicht überein.")]
    public string Repeat { get; set; } = "";
}
