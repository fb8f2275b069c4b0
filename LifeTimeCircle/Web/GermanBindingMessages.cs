using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace LifeTimeCircle.Web;

/// <summary>
/// German texts for values the model binder cannot convert (e.g. „ca. 1998“ as a year, an unknown option value).
/// Pages normally parse free text themselves; these are the fallback so that no English message reaches a user.
/// </summary>
public static class GermanBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider p)
    {
        p.SetAttemptedValueIsInvalidAccessor((value, _) => $"„{value}“ ist hier keine gültige Eingabe.");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"„{value}“ ist hier keine gültige Eingabe.");
        p.SetUnknownValueIsInvalidAccessor(_ => "Die Eingabe ist ungültig.");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Die Eingabe ist ungültig.");
        p.SetValueIsInvalidAccessor(value => $"„{value}“ ist ungültig.");
        p.SetValueMustBeANumberAccessor(_ => "Bitte geben Sie eine Zahl ein.");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "Bitte geben Sie eine Zahl ein.");
        p.SetValueMustNotBeNullAccessor(_ => "Bitte füllen Sie dieses Feld aus.");
        p.SetMissingBindRequiredValueAccessor(_ => "Bitte füllen Sie dieses Feld aus.");
        p.SetMissingKeyOrValueAccessor(() => "Bitte füllen Sie dieses Feld aus.");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "Die Anfrage ist unvollständig.");
    }
}
