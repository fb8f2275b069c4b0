using LifeTimeCircle.Domain.Imports;

namespace LifeTimeCircle.Pages.Fahrzeuge.Import;

public static class ImportTexts
{
    public static string Status(ImportStatus s) => s switch
    {
        ImportStatus.Pruefung => "wird geprüft",
        ImportStatus.Zuordnung => "Spalten zuordnen",
        ImportStatus.Geprueft => "geprüft – wartet auf Ihre Bestätigung",
        ImportStatus.Abgelehnt => "Datei nicht lesbar",
        ImportStatus.Import => "wird importiert",
        ImportStatus.Importiert => "importiert",
        ImportStatus.Fehlgeschlagen => "fehlgeschlagen",
        ImportStatus.Rueckgaengig => "rückgängig gemacht",
        ImportStatus.Verfallen => "nicht bestätigt, Datei gelöscht",
        _ => s.ToString(),
    };

    public static string Numbers(NumberStyle? s) => s switch
    {
        NumberStyle.Deutsch => "deutsch (1.234,56)",
        NumberStyle.Englisch => "englisch (1,234.56)",
        _ => "–",
    };

    public static string Dates(DateStyle? s) => s switch
    {
        DateStyle.TagMonatJahr => "TT.MM.JJJJ (14.05.2024)",
        DateStyle.Iso => "JJJJ-MM-TT (2024-05-14)",
        DateStyle.MonatTagJahr => "MM/TT/JJJJ (05/14/2024)",
        DateStyle.TagMonatJahrSchraeg => "TT/MM/JJJJ (14/05/2024)",
        _ => "–",
    };

    public static string Unit(OdometerUnit u) => u == OdometerUnit.Meilen ? "Meilen (umgerechnet in km)" : "Kilometer";
}

/// <summary>What the shared report partial (_Pruefbericht) shows: the run, its first report lines and where the CSV is.</summary>
public sealed record ImportReportView(ImportRun Run, IReadOnlyList<ImportIssue> Issues, int IssueCount, string ReportUrl)
{
    public const int ShownIssues = 200;
}
