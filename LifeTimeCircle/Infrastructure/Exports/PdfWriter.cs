using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
using QRCoder;

namespace LifeTimeCircle.Infrastructure.Exports;

/// <summary>DejaVu Sans (regular, bold) embedded in the assembly, so umlauts render on any host without system fonts.</summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "LTC Sans";
    private static readonly Lock Gate = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            _installed = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(isBold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"LifeTimeCircle.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException("Schrift fehlt: " + faceName);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>
/// A small A4 layout engine over PDFsharp: tagged PDF (PDF/UA structure: headings, paragraphs, figure with alt
/// text, decorations as artifacts), real text in an embedded Unicode font, automatic page breaks and a footer.
/// </summary>
public sealed class PdfWriter : IDisposable
{
    private const double Margin = 50;
    private const double FooterHeight = 30;
    private readonly PdfDocument _doc = new();
    private readonly UAManager _ua;
    private readonly string _footer;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;
    private readonly XFont _body;
    private readonly XFont _small;
    private readonly XFont _h1;
    private readonly XFont _h2;
    private readonly XFont _bold;

    public PdfWriter(string title, string footer)
    {
        EmbeddedFontResolver.Install();
        _footer = footer;
        _doc.Info.Title = title;
        _doc.Info.Author = "LifeTimeCircle";
        _doc.Info.Creator = "LifeTimeCircle · Service Heft 4.0";
        _doc.PageLayout = PdfPageLayout.SinglePage;
        _doc.ViewerPreferences.DisplayDocTitle = true;
        _ua = UAManager.ForDocument(_doc);
        _ua.SetDocumentLanguage("de-DE");
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        _body = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Regular, unicode);
        _small = new XFont(EmbeddedFontResolver.Family, 8, XFontStyleEx.Regular, unicode);
        _bold = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Bold, unicode);
        _h1 = new XFont(EmbeddedFontResolver.Family, 18, XFontStyleEx.Bold, unicode);
        _h2 = new XFont(EmbeddedFontResolver.Family, 13, XFontStyleEx.Bold, unicode);
        NewPage();
    }

    private double Width => _page!.Width.Point - 2 * Margin;
    private double Bottom => _page!.Height.Point - Margin - FooterHeight;

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _doc.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
        _ua.StructureBuilder.BeginArtifact();
        _gfx.DrawString($"{_footer} · Seite {_doc.PageCount}", _small, XBrushes.DimGray,
            new XRect(Margin, _page.Height.Point - Margin, Width, 12), XStringFormats.TopLeft);
        _ua.StructureBuilder.End();
    }

    private void Ensure(double height)
    {
        if (_y + height > Bottom) NewPage();
    }

    public void Heading1(string text) => Block(PdfBlockLevelElementTag.Heading1, text, _h1, 26, 6);

    public void Heading2(string text)
    {
        Ensure(60); // keep a heading with at least a couple of lines below it
        Block(PdfBlockLevelElementTag.Heading2, text, _h2, 20, 10);
    }

    public void Paragraph(string text, bool bold = false) => Block(PdfBlockLevelElementTag.Paragraph, text, bold ? _bold : _body, 14, 4);

    public void Small(string text) => Block(PdfBlockLevelElementTag.Paragraph, text, _small, 11, 2);

    /// <summary>One label/value line (tagged as a paragraph), e.g. „Fahrzeug-Identnummer: WVW***0001“.</summary>
    public void Field(string label, string value) => Paragraph($"{label}: {value}");

    private void Block(PdfBlockLevelElementTag tag, string text, XFont font, double lineHeight, double spaceBefore)
    {
        var lines = Wrap(text, font, Width);
        _y += spaceBefore;
        var index = 0;
        while (index < lines.Count)
        {
            Ensure(lineHeight);
            // One structure element per page segment, so no element spans a page break.
            var fit = Math.Max(1, Math.Min(lines.Count - index, (int)((Bottom - _y) / lineHeight)));
            _ua.StructureBuilder.BeginElement(tag);
            foreach (var line in lines.Skip(index).Take(fit))
            {
                _gfx!.DrawString(line, font, XBrushes.Black, new XRect(Margin, _y, Width, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
            _ua.StructureBuilder.End();
            index += fit;
        }
    }

    /// <summary>A QR code drawn as vector squares (sharp at any print size), tagged as a figure with alt text.</summary>
    public void QrCode(string url, double size, string altText)
    {
        Ensure(size + 8);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var n = modules.Count;
        var cell = size / n;
        var rect = new XRect(Margin, _y + 4, size, size);
        _ua.StructureBuilder.BeginElement(PdfIllustrationElementTag.Figure, altText, rect);
        for (var row = 0; row < n; row++)
        {
            for (var col = 0; col < n; col++)
            {
                if (modules[row][col]) _gfx!.DrawRectangle(XBrushes.Black, Margin + col * cell, _y + 4 + row * cell, cell + 0.05, cell + 0.05);
            }
        }
        _ua.StructureBuilder.End();
        _y += size + 8;
    }

    /// <summary>A thin separator line (decoration, not content).</summary>
    public void Rule()
    {
        Ensure(10);
        _ua.StructureBuilder.BeginArtifact();
        _gfx!.DrawLine(XPens.LightGray, Margin, _y + 5, Margin + Width, _y + 5);
        _ua.StructureBuilder.End();
        _y += 10;
    }

    public void Save(Stream output)
    {
        _gfx?.Dispose();
        _gfx = null;
        _doc.Save(output, closeStream: false);
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _doc.Dispose();
    }

    private List<string> Wrap(string text, XFont font, double width)
    {
        var result = new List<string>();
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (_gfx!.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) result.Add(line);
                line = word;
                // A single over-long word (e.g. a hash) is broken by characters.
                while (_gfx.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _gfx.MeasureString(line[..cut], font).Width > width) cut--;
                    result.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            result.Add(line);
        }
        return result;
    }
}
