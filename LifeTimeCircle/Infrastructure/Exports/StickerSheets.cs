using LifeTimeCircle.Web;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace LifeTimeCircle.Infrastructure.Exports;

/// <summary>A sheet of stickers: label size and grid in millimetres on A4 portrait, and whether cut marks are drawn.</summary>
public sealed record StickerFormat(string Name, double WidthMm, double HeightMm, int Columns, int Rows, double LeftMm, double TopMm, double GapXMm, double GapYMm, bool CutMarks)
{
    public int Count => Columns * Rows;
}

/// <summary>
/// The QR-Aufkleber (ADR 0021): page 1 is a sheet to cut out (six stickers with cut marks, for plain paper or A4
/// adhesive film) with the instructions; then one page per common label format, each sticker inside its label
/// with a 5 mm safety margin (no instructions there: the whole sheet is labels). The first sticker of each page is
/// tagged content (QR figure with alt text and its text); the identical copies are artifacts, so a screen reader
/// reads each sticker once.
/// </summary>
public static class StickerSheets
{
    public const double Mm = 72 / 25.4;
    private const double A4Width = 210 * Mm;

    /// <summary>Nothing on a label page comes closer than this to the paper's edge (points; 5 mm, what office printers print).</summary>
    public const double LabelMargin = 5 * Mm;

    public static readonly StickerFormat CutOut = new("zum Ausschneiden", 80, 58, 2, 3, 20, 0, 10, 8, CutMarks: true);

    /// <summary>The common A4 label sheets without page margins: 3 × 8 labels of 70 × 37 mm and 2 × 4 labels of 105 × 74 mm.</summary>
    public static readonly IReadOnlyList<StickerFormat> LabelSheets =
    [
        new("Etikettenbogen 70 × 37 mm (3 × 8)", 70, 37, 3, 8, 0, 0.5, 0, 0, CutMarks: false),
        new("Etikettenbogen 105 × 74 mm (2 × 4)", 105, 74, 2, 4, 0, 0.5, 0, 0, CutMarks: false),
    ];

    public static void Write(StickerPdf s, Stream output)
    {
        using var pdf = new PdfWriter($"QR-Aufkleber {s.Make} {s.Model}", "LifeTimeCircle · QR-Aufkleber", "QR-Aufkleber");
        pdf.Bookmark("Aufkleber zum Ausschneiden");
        pdf.Heading1($"QR-Aufkleber: {s.Make} {s.Model}");
        pdf.Paragraph("Der QR-Code führt zum öffentlichen Mini-Check dieses Fahrzeugs. Drucken Sie in Originalgröße (100 %, nicht „an Seite anpassen“).");
        pdf.BulletList(
        [
            "Diese Seite: Aufkleber zum Ausschneiden an den Schnittmarken, auf Papier oder A4-Klebefolie.",
            .. LabelSheets.Select((f, i) => $"Seite {i + 2}: {f.Name}, {Display.Count(f.Count, "Etikett", "Etiketten")} je Bogen – nur die Seite drucken, die zu Ihrem Bogen passt."),
        ]);
        pdf.Small($"Erstellt am {Display.Date(s.Issued)}. Wird der Link neu erzeugt oder ausgeschaltet, funktionieren diese Aufkleber nicht mehr. Adresse: {s.MiniCheckUrl}");
        // The cut-out grid, centred below the instructions.
        var top = pdf.Y + 12;
        var width = CutOut.Columns * CutOut.WidthMm * Mm + (CutOut.Columns - 1) * CutOut.GapXMm * Mm;
        var left = (A4Width - width) / 2;
        // As many rows as fit above the footer, cut marks included (a long vehicle name makes the instructions longer).
        var rows = (int)Math.Floor((pdf.ContentBottom - 5 * Mm - top + CutOut.GapYMm * Mm) / ((CutOut.HeightMm + CutOut.GapYMm) * Mm));
        Grid(pdf, s, CutOut with { Rows = Math.Clamp(rows, 1, CutOut.Rows) }, left, top, padding: 4 * Mm);
        foreach (var format in LabelSheets)
        {
            pdf.NewPage(running: false);
            pdf.Bookmark(format.Name);
            Grid(pdf, s, format, format.LeftMm * Mm, format.TopMm * Mm, padding: LabelMargin);
        }
        pdf.Save(output);
    }

    private static void Grid(PdfWriter pdf, StickerPdf s, StickerFormat f, double left, double top, double padding)
    {
        for (var row = 0; row < f.Rows; row++)
        {
            for (var col = 0; col < f.Columns; col++)
            {
                var box = new XRect(left + col * (f.WidthMm + f.GapXMm) * Mm, top + row * (f.HeightMm + f.GapYMm) * Mm, f.WidthMm * Mm, f.HeightMm * Mm);
                var first = row == 0 && col == 0;
                if (f.CutMarks) pdf.Decoration(() => CutMarks(pdf.Graphics, box));
                if (first)
                {
                    Sticker(pdf, s, box, padding, tagged: true);
                }
                else
                {
                    pdf.Structure.BeginArtifact();
                    Sticker(pdf, s, box, padding, tagged: false);
                    pdf.Structure.End();
                }
            }
        }
    }

    /// <summary>Short corner marks 1 mm outside each sticker, 4 mm long, in the gaps between stickers (never beyond the page margin).</summary>
    private static void CutMarks(XGraphics g, XRect b)
    {
        var pen = new XPen(XColors.Black, 0.4);
        const double off = 1 * Mm, len = 4 * Mm;
        foreach (var x in new[] { b.Left, b.Right })
        {
            foreach (var y in new[] { b.Top, b.Bottom })
            {
                var dy = y == b.Top ? -1 : 1;
                var dx = x == b.Left ? -1 : 1;
                g.DrawLine(pen, x, y + dy * off, x, y + dy * (off + len));
                g.DrawLine(pen, x + dx * off, y, x + dx * (off + len), y);
            }
        }
    }

    private static void Sticker(PdfWriter pdf, StickerPdf s, XRect box, double padding, bool tagged)
    {
        var g = pdf.Graphics;
        var inner = new XRect(box.X + padding, box.Y + padding, box.Width - 2 * padding, box.Height - 2 * padding);
        var qr = Math.Min(inner.Height, inner.Width * 0.48);
        var qrRect = new XRect(inner.X, inner.Y + (inner.Height - qr) / 2, qr, qr);
        if (tagged) pdf.QrFigure(s.MiniCheckUrl, qrRect.X, qrRect.Y, qr, ExportPdfs.QrAlt);
        else pdf.DrawQr(s.MiniCheckUrl, qrRect);

        var textX = qrRect.Right + Math.Max(6, qr * 0.08);
        var textWidth = inner.Right - textX;
        var scale = Math.Clamp(inner.Height / 80, 1, 1.9);
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        // The wordmark on one line: as large as the label allows, at most 8.5 pt × scale.
        var probe = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Bold, unicode);
        var titleSize = Math.Min(8.5 * scale, 10 * textWidth / g.MeasureString("LifeTimeCircle", probe).Width * 0.98);
        var title = new XFont(EmbeddedFontResolver.Family, titleSize, XFontStyleEx.Bold, unicode);
        var bold = new XFont(EmbeddedFontResolver.Family, 6.8 * scale, XFontStyleEx.Bold, unicode);
        var text = new XFont(EmbeddedFontResolver.Family, 6.2 * scale, XFontStyleEx.Regular, unicode);
        var lines = new List<(string Text, XFont Font, XColor Color)>();
        foreach (var l in pdf.Wrap("LifeTimeCircle", title, textWidth)) lines.Add((l, title, PdfWriter.Brand));
        foreach (var l in pdf.Wrap("Mini-Check", bold, textWidth)) lines.Add((l, bold, PdfWriter.Ink));
        foreach (var l in pdf.Wrap($"{s.Make} {s.Model}", text, textWidth).Take(2)) lines.Add((l, text, PdfWriter.Ink));
        foreach (var l in pdf.Wrap("Dokumentation prüfen: QR-Code scannen", text, textWidth).Take(3)) lines.Add((l, text, PdfWriter.Muted));
        var height = lines.Sum(l => l.Font.Size * 1.22);
        var y = inner.Y + Math.Max(0, (inner.Height - height) / 2);
        foreach (var (line, font, color) in lines)
        {
            if (y + font.Size * 1.22 > inner.Bottom + 0.01) break; // never beyond the label's safety margin
            if (tagged) pdf.Structure.BeginElement(PdfBlockLevelElementTag.Paragraph);
            g.DrawString(line, font, new XSolidBrush(color), new XRect(textX, y, textWidth, font.Size * 1.22), XStringFormats.TopLeft);
            if (tagged) pdf.Structure.End();
            y += font.Size * 1.22;
        }
    }
}
