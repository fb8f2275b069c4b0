using LifeTimeCircle.Infrastructure.Legal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Rechtliches;

/// <summary>
/// The short information pages of the footer. Impressum and FAQ are operator texts (LTC_LEGAL_DIR, else the shipped
/// ones: <see cref="LegalDocuments"/>); the others are product copy.
/// </summary>
public sealed class SeiteModel(LegalDocuments legal) : PageModel
{
    public sealed record Info(string Title, IReadOnlyList<string> Paragraphs, IReadOnlyList<LegalBlock>? Blocks = null);

    private static readonly Dictionary<string, Info> Pages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Cookies"] = new("Cookies",
        [
            "LifeTimeCircle setzt nur technisch notwendige Cookies: eines für Ihre Anmeldung, eines zum Schutz von Formularen vor Fälschung, eines für kurze Hinweise zwischen zwei Seiten, eines, das eine Registrierung an den Browser bindet, in dem sie begonnen wurde (höchstens einen Tag), bei der Anmeldung mit Zwei-Faktor-Code eines, das den ersten Anmeldeschritt bis zur Eingabe des Codes festhält (höchstens fünf Minuten), eines, das eine erneute Bestätigung vor sensiblen Aktionen für zehn Minuten festhält, und bei einer Fahrzeugübergabe eines, das den Übergabe-Code höchstens eine Stunde lang zwischen den Schritten (Anmeldung, Bestätigung, Übergabeblatt) festhält.",
            "Ohne Haken bei „Angemeldet bleiben“ endet die Anmeldung, wenn Sie den Browser schließen. Es gibt keine Werbe- oder Analyse-Cookies.",
        ]),
        ["Jobs"] = new("Jobs",
        [
            "Wir bauen das digitale Serviceheft für Fahrzeuge. Aktuell sind keine Stellen ausgeschrieben.",
            "Initiativbewerbungen sind willkommen – die Kontaktadresse finden Sie im Impressum.",
        ]),
        ["Kooperationen"] = new("Kooperationen",
        [
            "Händler, Werkstätten und andere Betriebe registrieren sich gewerblich über „Eintritt“. Nach unserer Prüfung erhält das Konto den Händler-Tarif mit beliebig vielen Fahrzeugen und dem Inserat-Export.",
            "Werkstätten, Prüforganisationen und Gutachter können außerdem Einträge für ihre Kundschaft vorschlagen – nur für Fahrzeuge, für die die Besitzerin oder der Besitzer den Betrieb mit seinem Betriebscode berechtigt hat. Ein Vorschlag wird erst zum Eintrag, wenn sie oder er ihn im Modul-Postfach übernimmt.",
            "Wenn die Besitzerin oder der Besitzer es beim Berechtigen erlaubt, lädt der Betrieb die Rechnung zum Vorschlag gleich mit hoch; sie wird wie jeder Upload auf Viren und von uns geprüft und zählt nach der Übernahme als Nachweis.",
            "Ein Betrieb lädt seine Mitarbeitenden per E-Mail ein; sie melden sich mit einem eigenen Konto an und schlagen für den Betrieb Einträge vor. Zwei Plätze vergibt der Betrieb selbst, jeden weiteren geben wir nach Prüfung frei.",
        ]),
    };

    public Info Text { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        if (slug.Equals("Impressum", StringComparison.OrdinalIgnoreCase) || slug.Equals("Faq", StringComparison.OrdinalIgnoreCase))
        {
            var doc = legal.Text(slug.Equals("Faq", StringComparison.OrdinalIgnoreCase) ? OperatorText.Faq : OperatorText.Impressum);
            Text = new Info(doc.Title, [], doc.Blocks);
            return Page();
        }
        if (!Pages.TryGetValue(slug, out var info)) return NotFound();
        Text = info;
        return Page();
    }
}
