using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LifeTimeCircle.Pages.Rechtliches;

/// <summary>The short information pages of the footer.</summary>
public sealed class SeiteModel : PageModel
{
    public sealed record Info(string Title, IReadOnlyList<string> Paragraphs);

    private static readonly Dictionary<string, Info> Pages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Faq"] = new("Häufige Fragen",
        [
            "Was bewertet die Trust-Ampel? Ausschließlich die Dokumentations- und Nachweisqualität, nicht den technischen Zustand des Fahrzeugs.",
            "Wer sieht meine Fahrgestellnummer? Vollständig nur Sie. Überall sonst erscheint sie maskiert.",
            "Was passiert beim Verkauf? Beim Fahrzeug wählen Sie „Fahrzeug übergeben“ und erhalten einen Übergabe-Code mit QR-Code und Übergabeblatt (14 Tage gültig, einmal verlängerbar, jederzeit abbrechbar). Die Käuferin oder der Käufer gibt den Code unter „Fahrzeug übernehmen“ (/Uebergabe) im eigenen Konto ein und übernimmt die Akte mit der ganzen Historie; Einträge aus Ihrer Zeit bleiben als „Vorbesitz“ erhalten, Sie selbst haben danach keinen Zugriff mehr.",
            "Kostet LifeTimeCircle etwas? Ein Fahrzeug ist kostenlos. Für weitere Fahrzeuge gibt es VIP- und Händler-Tarife: Gewerbliche Konten erhalten den Händler-Tarif, sobald wir den Betrieb geprüft und freigegeben haben. Den VIP-Tarif oder zusätzliche Fahrzeuge schalten wir auf Anfrage frei (Kontakt im Impressum); eine Buchung direkt im Konto gibt es noch nicht.",
            "Wie finden Kaufinteressierte den Mini-Check? Beim Fahrzeug unter „Teilen & QR“ schalten Sie den öffentlichen Mini-Check ein und erhalten Link und QR-Code. Sie können den Link jederzeit neu erzeugen oder ausschalten; der alte Link funktioniert dann sofort nicht mehr.",
        ]),
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
        ["Impressum"] = new("Impressum",
        [
            "LifeTimeCircle · Service Heft 4.0",
            "Angaben gemäß § 5 DDG werden vom Betreiber vor dem Produktivbetrieb in dieser Datei ergänzt (Pages/Rechtliches/Seite.cshtml.cs).",
        ]),
    };

    public Info Text { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        if (!Pages.TryGetValue(slug, out var info)) return NotFound();
        Text = info;
        return Page();
    }
}
