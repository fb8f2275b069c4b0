using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Infrastructure.Exports;

/// <summary>The vehicle block every PDF shows: only what SPEC §8 allows (masked VIN, no owner, no free text).</summary>
public sealed record PdfVehicle(string Make, string Model, int? BuildYear, string Class, string? EngineDrive, string VinMasked, string Accident)
{
    public string Name => $"{Make} {Model}";

    public IReadOnlyList<IReadOnlyList<PdfCell>> Rows()
    {
        var rows = new List<IReadOnlyList<PdfCell>> { new PdfCell[] { "Fahrzeug", Name } };
        if (BuildYear is { } year) rows.Add(new PdfCell[] { "Baujahr", year.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        rows.Add(new PdfCell[] { "Fahrzeugklasse", Class });
        if (EngineDrive is not null) rows.Add(new PdfCell[] { "Motor/Antrieb", EngineDrive });
        rows.Add(new PdfCell[] { "Fahrzeug-Identnummer (maskiert)", VinMasked });
        rows.Add(new PdfCell[] { "Unfallstatus", Accident });
        return rows;
    }
}

/// <summary>One line of the certificate's timeline summary: entries of one trust level with first and last date and the last odometer reading.</summary>
public sealed record PdfLevelRow(string Level, int Count, DateOnly? First, DateOnly? Last, int? LastKm);

/// <summary>One approved evidence document: upload time, kind and the file's SHA-256.</summary>
public sealed record PdfEvidence(DateTimeOffset Uploaded, string Kind, string Sha256);

public sealed record CertificatePdf(PdfVehicle Vehicle, TrustLight Light, string Hint, IReadOnlyList<string> Reasons,
    IReadOnlyList<PdfLevelRow> Levels, PdfLevelRow Total, IReadOnlyList<PdfEvidence> Evidence, string? MiniCheckUrl, string CheckUrl,
    string VerificationCode, DateTimeOffset Issued, DateTimeOffset ValidUntil, IReadOnlyList<string>? Folders = null);

/// <summary>The latest entry of one category in the Wartungsstand.</summary>
public sealed record PdfLatestEntry(string Category, DateOnly Date, int Km, string PerformedBy, string Level, bool Nachtrag);

/// <summary>One reminder in the Wartungsstand: what, its state („Überfällig“) and when it is due („fällig am …“).</summary>
public sealed record PdfDue(string Item, string State, string When, string? Recurrence);

public sealed record MaintenancePdf(PdfVehicle Vehicle, IReadOnlyList<PdfLatestEntry> Latest, int EntryCount, IReadOnlyList<PdfDue> Due,
    DateTimeOffset Issued, DateTimeOffset ValidUntil);

public sealed record ListingPdf(string Make, string Model, int? BuildYear, TrustLight Light, string Hint, string MiniCheckUrl,
    IReadOnlyList<string> ListingText, DateTimeOffset Issued, DateTimeOffset ValidUntil);

public sealed record StickerPdf(string Make, string Model, string MiniCheckUrl, DateTimeOffset Issued);

/// <summary>
/// The designed export documents (ADR 0021): the content records above in, a tagged A4 PDF out. No database here:
/// <see cref="ExportContent"/> fills the records, and <c>pdf-examples</c> renders the same documents from sample
/// records for docs/. Every value goes through <see cref="Display"/>.
/// </summary>
public static class ExportPdfs
{
    public const string QrAlt = "QR-Code zum öffentlichen Mini-Check dieses Fahrzeugs";

    private static string LightAlt(TrustLight light, string hint) =>
        $"Trust-Ampel mit vier Stufen (Rot, Orange, Gelb, Grün); leuchtet: {TrustEngine.Label(light)}. {hint}";

    public static void Certificate(CertificatePdf c, Stream output)
    {
        using var pdf = new PdfWriter($"Trust-Zertifikat {c.Vehicle.Name}", $"LifeTimeCircle · Trust-Zertifikat · Prüfcode {c.VerificationCode}", "Trust-Zertifikat");
        pdf.Heading1("Trust-Zertifikat");
        pdf.Small($"Nachweis der Dokumentationsqualität · ausgestellt am {Display.Date(c.Issued)} · gültig bis {Display.Date(c.ValidUntil)}");
        pdf.TwoColumns(0.56,
            () =>
            {
                pdf.Heading2("Fahrzeug");
                pdf.Table([new("Angabe", 1), new("Wert", 1.25)], c.Vehicle.Rows(), header: false, rowHeaders: true);
            },
            () =>
            {
                pdf.Heading2("Echtheit prüfen");
                pdf.Small("Prüfcode");
                pdf.CodeLine(c.VerificationCode);
                pdf.Small($"Echtheit prüfen: {c.CheckUrl} – Prüfcode eingeben. Dort steht, was dieses Zertifikat bei Ausstellung bescheinigt hat.");
                pdf.Table([new("Angabe", 1), new("Datum", 1)], [["Ausgestellt am", Display.Date(c.Issued)], ["Gültig bis", Display.Date(c.ValidUntil)]], header: false, rowHeaders: true);
            });
        TrustSection(pdf, c.Light, c.Hint, c.Reasons);
        if (c.Folders is { Count: > 0 } folders)
        {
            // ADR 0023 §3: which stages are evidenced, without numbers, costs or the owner's own texts.
            pdf.Heading2("Trust-Ordner");
            foreach (var line in folders) pdf.Paragraph(line);
        }

        pdf.Heading2("Zeitleiste (Zusammenfassung)");
        var rows = c.Levels.Append(c.Total).Select(l => (IReadOnlyList<PdfCell>)
        [
            l.Level, Display.Number(l.Count), l.First is { } f ? Display.Date(f) : "–", l.Last is { } d ? Display.Date(d) : "–", l.LastKm is { } km ? Display.Km(km) : "–",
        ]);
        pdf.Table([new("Nachweisstufe", 2.6), new("Einträge", 0.8, Right: true), new("Erster Eintrag", 1.1), new("Letzter Eintrag", 1.1), new("Letzter Kilometerstand", 1.3, Right: true)], rows);

        if (c.MiniCheckUrl is not null) QrLine(pdf, c.MiniCheckUrl, "Online prüfen: Der QR-Code führt zum aktuellen, öffentlichen Mini-Check dieses Fahrzeugs.");
        else pdf.Small("Der öffentliche Mini-Check ist für dieses Fahrzeug ausgeschaltet.");
        pdf.Notice(TrustEngine.Disclaimer);

        pdf.Heading2("Nachweis-Verzeichnis (freigegebene Dokumente)");
        if (c.Evidence.Count == 0)
        {
            pdf.Paragraph("Keine freigegebenen Dokumente.");
        }
        else
        {
            pdf.Small($"{Display.Count(c.Evidence.Count, "Dokument", "Dokumente")}; SHA-256 ist die Prüfsumme der Datei, gekürzt und darunter vollständig.");
            pdf.Table([new("Hochgeladen", 1), new("Dokumentart", 1.35), new("SHA-256 (gekürzt)", 1.75)],
                c.Evidence.Select(e => (IReadOnlyList<PdfCell>)[Display.Date(e.Uploaded), e.Kind, new PdfCell(ShortHash(e.Sha256), e.Sha256)]), flowColumns: 2);
        }
        pdf.Save(output);
    }

    /// <summary>„3f2a9c1d…7e41b0aa“: the first and the last eight hex digits.</summary>
    public static string ShortHash(string sha256) => sha256.Length <= 20 ? sha256 : sha256[..8] + "…" + sha256[^8..];

    private static void TrustSection(PdfWriter pdf, TrustLight light, string hint, IReadOnlyList<string> reasons)
    {
        pdf.Heading2("Trust-Ampel");
        var top = pdf.Reserve(0);
        pdf.Y = top + 4;
        pdf.TwoColumns(0.3,
            () =>
            {
                pdf.TrustLightFigure(light, LightAlt(light, hint), pdf.X, pdf.Y);
                pdf.Y += 58;
            },
            () =>
            {
                pdf.Paragraph($"Trust-Ampel: {TrustEngine.Label(light)}", bold: true);
                pdf.Paragraph(hint);
                pdf.BulletList(reasons);
            }, gap: 10);
    }

    private static void QrLine(PdfWriter pdf, string url, string explanation)
    {
        const double size = 64;
        var top = pdf.Reserve(size + 8) + 6;
        pdf.QrFigure(url, pdf.X, top, size, QrAlt);
        var y = pdf.Y;
        pdf.Y = top;
        pdf.Column(size + 12, pdf.Width - size - 12, () =>
        {
            pdf.Paragraph(explanation);
            pdf.Small(url);
        });
        pdf.Y = y;
    }

    public static void Maintenance(MaintenancePdf m, Stream output)
    {
        using var pdf = new PdfWriter($"Wartungsstand {m.Vehicle.Name}", "LifeTimeCircle · Wartungsstand", "Wartungsstand");
        pdf.Heading1("Wartungsstand");
        pdf.Small($"Stand {Display.Date(m.Issued)}, gültig bis {Display.Date(m.ValidUntil)} · {Display.Count(m.EntryCount, "Eintrag", "Einträge")} in der Zeitleiste");
        pdf.Heading2("Fahrzeug");
        pdf.Table([new("Angabe", 1), new("Wert", 2.6)], m.Vehicle.Rows(), header: false, rowHeaders: true);

        pdf.Heading2("Was ist fällig?");
        if (m.Due.Count == 0)
        {
            pdf.Paragraph("Für dieses Fahrzeug sind keine Erinnerungen angelegt.");
        }
        else
        {
            pdf.Table([new("Wartung", 1.4), new("Stand", 0.9), new("Fälligkeit", 2.2), new("Wiederholung", 1.6)],
                m.Due.Select(d => (IReadOnlyList<PdfCell>)[d.Item, d.State, d.When, d.Recurrence ?? "einmalig"]));
        }

        pdf.Heading2("Zuletzt erledigt (je Kategorie)");
        if (m.Latest.Count == 0)
        {
            pdf.Paragraph("Noch keine Einträge.");
        }
        else
        {
            pdf.Table([new("Kategorie", 1.5), new("Datum", 0.9), new("Kilometerstand", 1.05, Right: true), new("Durchgeführt von", 1.5), new("Nachweisstufe", 1.05)],
                m.Latest.Select(e => (IReadOnlyList<PdfCell>)[e.Category, Display.Date(e.Date), Display.Km(e.Km), e.PerformedBy, e.Nachtrag ? e.Level + " · Nachtrag" : e.Level]));
            pdf.Small("T3 = mit geprüftem Nachweis, T2 = Serviceheft vorhanden, T1 = Eigenangabe. Die vollständige Historie steht in der Zeitleiste des Fahrzeugs.");
        }
        pdf.Notice(TrustEngine.Disclaimer);
        pdf.Save(output);
    }

    public static void Listing(ListingPdf l, Stream output)
    {
        using var pdf = new PdfWriter($"Inserat {l.Make} {l.Model}", "LifeTimeCircle · Inserat-Export", "Inserat-Export");
        pdf.Heading1($"{l.Make} {l.Model}");
        if (l.BuildYear is { } year) pdf.Small("Baujahr: " + year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        TrustSection(pdf, l.Light, l.Hint, []);
        pdf.Heading2("Online prüfen");
        QrLine(pdf, l.MiniCheckUrl, "Der QR-Code führt zum aktuellen Mini-Check dieses Fahrzeugs.");
        pdf.Heading2("Text für Ihr Inserat");
        foreach (var line in l.ListingText) pdf.Paragraph(line);
        pdf.Notice(TrustEngine.Disclaimer);
        pdf.Small($"Stand {Display.Date(l.Issued)}, gültig bis {Display.Date(l.ValidUntil)}. Wird der Mini-Check-Link neu erzeugt oder ausgeschaltet, funktioniert der QR-Code nicht mehr.");
        pdf.Save(output);
    }

    public static void Stickers(StickerPdf s, Stream output) => StickerSheets.Write(s, output);
}
