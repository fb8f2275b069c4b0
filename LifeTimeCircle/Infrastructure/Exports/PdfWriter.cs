using System.IO.Compression;
using System.Reflection;
using LifeTimeCircle.Domain.Trust;
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

/// <summary>A column of a <see cref="PdfWriter.Table"/>: its header, its share of the width, right-aligned (numbers) or not.</summary>
public sealed record PdfColumn(string Header, double Share, bool Right = false);

/// <summary>A table cell: its text and an optional second line in small type (e.g. the full SHA-256 under the short one).</summary>
public sealed record PdfCell(string Text, string? Detail = null)
{
    public static implicit operator PdfCell(string text) => new(text);
}

/// <summary>
/// The LifeTimeCircle document layout over PDFsharp (ADR 0021): A4, a running header with the wordmark and the
/// document type and a footer with the page number (both artifacts), and tagged content (PDF/UA structure: H1/H2,
/// P, L/LI/Lbl/LBody, Table/THead/TBody/TR/TH(scope)/TD, Figure with alternative text). Real text in an embedded
/// Unicode font; every element ends before a page break, a table repeats its header row on the next page.
/// Nothing is drawn outside <see cref="Margin"/> (checked by rendering in the tests).
/// </summary>
public sealed class PdfWriter : IDisposable
{
    /// <summary>The page margin on all four sides in points (15 mm); the print check asserts nothing is drawn outside it.</summary>
    public const double Margin = 42.5;
    private const double HeaderHeight = 30;
    private const double FooterHeight = 18;

    // The site's palette (wwwroot-src/css): dark enough to print legibly in black and white.
    internal static readonly XColor Brand = XColor.FromArgb(0x0b, 0x4f, 0x8a);
    internal static readonly XColor Ink = XColor.FromArgb(0x1b, 0x1f, 0x24);
    internal static readonly XColor Muted = XColor.FromArgb(0x4a, 0x53, 0x60);
    internal static readonly XColor Line = XColor.FromArgb(0xc9, 0xd0, 0xd8);
    internal static readonly XColor Surface = XColor.FromArgb(0xf4, 0xf6, 0xf8);

    private readonly PdfDocument _doc = new();
    private readonly UAManager _ua;
    private readonly string _footer;
    private readonly string _documentType;
    private bool _running = true;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;
    private double _x = Margin;
    private double _w;
    internal readonly XFont Body;
    internal readonly XFont Small8;
    internal readonly XFont Tiny;
    internal readonly XFont H1;
    internal readonly XFont H2;
    internal readonly XFont Bold;
    internal readonly XFont Code;
    private readonly XFont _wordmark;

    /// <param name="title">The document title (metadata, shown by viewers instead of the file name).</param>
    /// <param name="footer">The running footer text, e.g. „LifeTimeCircle · Trust-Zertifikat ABCD-EFGH-IJ“.</param>
    /// <param name="documentType">The document type in the running header.</param>
    public PdfWriter(string title, string footer, string documentType)
    {
        EmbeddedFontResolver.Install();
        _footer = footer;
        _documentType = documentType;
        _doc.Info.Title = title;
        _doc.Info.Author = "LifeTimeCircle";
        _doc.Info.Creator = "LifeTimeCircle · Service Heft 4.0";
        _doc.PageLayout = PdfPageLayout.SinglePage;
        _doc.ViewerPreferences.DisplayDocTitle = true;
        // PDFsharp's own Flate encoder writes a zlib header without the Adler-32 trailer, which `qpdf --check` reports
        // as „input stream is complete but output may still be valid“. Its encoder stays off; the page contents are
        // compressed with .NET's ZLibStream in Save (complete zlib streams). See ADR 0021.
        _doc.Options.NoCompression = true;
        _doc.Options.CompressContentStreams = false;
        _ua = UAManager.ForDocument(_doc);
        _ua.SetDocumentLanguage("de-DE");
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        Body = new XFont(EmbeddedFontResolver.Family, 9.5, XFontStyleEx.Regular, unicode);
        Small8 = new XFont(EmbeddedFontResolver.Family, 8, XFontStyleEx.Regular, unicode);
        Tiny = new XFont(EmbeddedFontResolver.Family, 6.2, XFontStyleEx.Regular, unicode);
        Bold = new XFont(EmbeddedFontResolver.Family, 9.5, XFontStyleEx.Bold, unicode);
        H1 = new XFont(EmbeddedFontResolver.Family, 19, XFontStyleEx.Bold, unicode);
        H2 = new XFont(EmbeddedFontResolver.Family, 12, XFontStyleEx.Bold, unicode);
        Code = new XFont(EmbeddedFontResolver.Family, 17, XFontStyleEx.Bold, unicode);
        _wordmark = new XFont(EmbeddedFontResolver.Family, 12, XFontStyleEx.Bold, unicode);
        NewPage();
    }

    public int PageCount => _doc.PageCount;
    private double PageWidth => _page!.Width.Point;
    private double PageHeight => _page!.Height.Point;
    private double Top => Margin + (_running ? HeaderHeight : 0);
    private double Bottom => PageHeight - Margin - (_running ? FooterHeight : 0);

    /// <summary>The lowest line content may reach on this page (above the footer).</summary>
    public double ContentBottom => Bottom;
    private double FullWidth => PageWidth - 2 * Margin;
    internal XGraphics Graphics => _gfx!;
    internal StructureBuilder Structure => _ua.StructureBuilder;

    /// <summary>
    /// Starts a new A4 page with the running header (wordmark, document type) and footer (page number); without
    /// <paramref name="running"/> a blank page for a label sheet (the caller draws everything, inside its own margins).
    /// </summary>
    public void NewPage(bool running = true)
    {
        FinishPage();
        _running = running;
        _gfx?.Dispose();
        _page = _doc.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _x = Margin;
        _w = FullWidth;
        _y = Top;
        if (!_running) return;
        _ua.StructureBuilder.BeginArtifact();
        var brand = new XSolidBrush(Brand);
        _gfx.DrawString("LifeTimeCircle", _wordmark, brand, new XRect(Margin, Margin, FullWidth, 14), XStringFormats.TopLeft);
        var wordWidth = _gfx.MeasureString("LifeTimeCircle", _wordmark).Width;
        _gfx.DrawString("Service Heft 4.0", Small8, new XSolidBrush(Muted), new XRect(Margin + wordWidth + 6, Margin + 3.5, 120, 10), XStringFormats.TopLeft);
        _gfx.DrawString(_documentType, Bold, new XSolidBrush(Ink), new XRect(Margin, Margin + 1.5, FullWidth, 12), XStringFormats.TopRight);
        _gfx.DrawLine(new XPen(Brand, 1.5), Margin, Margin + 19, PageWidth - Margin, Margin + 19);
        _ua.StructureBuilder.End();
    }

    /// <summary>The footer is drawn when the page is complete, so text extraction reads it after the page's content.</summary>
    private void FinishPage()
    {
        if (_gfx is null || !_running) return;
        _ua.StructureBuilder.BeginArtifact();
        _gfx.DrawLine(new XPen(Line, 0.5), Margin, PageHeight - Margin - 11, PageWidth - Margin, PageHeight - Margin - 11);
        _gfx.DrawString(_footer, Tiny, new XSolidBrush(Muted), new XRect(Margin, PageHeight - Margin - 8, FullWidth, 8), XStringFormats.TopLeft);
        _gfx.DrawString($"Seite {_doc.PageCount}", Tiny, new XSolidBrush(Muted), new XRect(Margin, PageHeight - Margin - 8, FullWidth, 8), XStringFormats.TopRight);
        _ua.StructureBuilder.End();
    }

    private void Ensure(double height)
    {
        if (_y + height > Bottom) NewPage(_running);
    }

    /// <summary>Space left on this page in points.</summary>
    public double Remaining => Bottom - _y;

    public void Space(double points) => _y += points;

    public void Heading1(string text) => Block(PdfBlockLevelElementTag.Heading1, text, H1, 23, 2, XColors.Black);

    public void Heading2(string text)
    {
        Ensure(52); // keep a heading with a few lines below it
        Block(PdfBlockLevelElementTag.Heading2, text, H2, 15, 10, Brand);
        _ua.StructureBuilder.BeginArtifact();
        _gfx!.DrawLine(new XPen(Line, 0.5), _x, _y + 1, _x + _w, _y + 1);
        _ua.StructureBuilder.End();
        _y += 4;
    }

    public void Paragraph(string text, bool bold = false) => Block(PdfBlockLevelElementTag.Paragraph, text, bold ? Bold : Body, 12.5, 3, XColors.Black);

    public void Small(string text) => Block(PdfBlockLevelElementTag.Paragraph, text, Small8, 10, 2, Muted);

    /// <summary>A paragraph in the large type of a code to be typed in (the certificate's Prüfcode).</summary>
    public void CodeLine(string text) => Block(PdfBlockLevelElementTag.Paragraph, text, Code, 21, 1, XColors.Black);

    /// <summary>One label/value line (tagged as a paragraph), e.g. „Fahrzeug-Identnummer: WVW***0001“.</summary>
    public void Field(string label, string value) => Paragraph($"{label}: {value}");

    private void Block(PdfBlockLevelElementTag tag, string text, XFont font, double lineHeight, double spaceBefore, XColor color)
    {
        var lines = Wrap(text, font, _w);
        _y += spaceBefore;
        var brush = new XSolidBrush(color);
        var index = 0;
        while (index < lines.Count)
        {
            Ensure(lineHeight);
            // One structure element per page segment, so no element spans a page break.
            var fit = Math.Max(1, Math.Min(lines.Count - index, (int)((Bottom - _y) / lineHeight)));
            _ua.StructureBuilder.BeginElement(tag);
            foreach (var line in lines.Skip(index).Take(fit))
            {
                _gfx!.DrawString(line, font, brush, new XRect(_x, _y, _w, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
            _ua.StructureBuilder.End();
            index += fit;
        }
    }

    /// <summary>A bulleted list (L › LI › Lbl + LBody); each item wraps under its own text, never under the bullet.</summary>
    public void BulletList(IEnumerable<string> items)
    {
        const double indent = 12, lineHeight = 12.5;
        var list = items.ToList();
        if (list.Count == 0) return;
        _y += 2;
        var open = false;
        foreach (var item in list)
        {
            var lines = Wrap(item, Body, _w - indent);
            if (_y + lines.Count * lineHeight > Bottom)
            {
                if (open) _ua.StructureBuilder.End();
                open = false;
                NewPage();
            }
            if (!open) _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.List);
            open = true;
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.ListItem);
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.Label);
            _gfx!.DrawString("•", Bold, new XSolidBrush(Brand), new XRect(_x + 2, _y, indent, lineHeight), XStringFormats.TopLeft);
            _ua.StructureBuilder.End();
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.ListBody);
            foreach (var line in lines)
            {
                _gfx.DrawString(line, Body, XBrushes.Black, new XRect(_x + indent, _y, _w - indent, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
            _ua.StructureBuilder.End();
            _ua.StructureBuilder.End();
        }
        if (open) _ua.StructureBuilder.End();
    }

    /// <summary>
    /// A table with a header row of TH cells (scope Column); with <paramref name="rowHeaders"/> the first cell of each
    /// row is a TH with scope Row (label/value blocks). A row never splits. When the space runs out the table ends
    /// and continues as a new table with the same header row: in the next of <paramref name="flowColumns"/> columns
    /// side by side, then on the next page. A cell's <see cref="PdfCell.Detail"/> is drawn under the row, across its
    /// whole width, but stays inside that cell's structure (reading order: the row's cells, then the detail).
    /// </summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<PdfCell>> rows, bool header = true, bool rowHeaders = false, int flowColumns = 1)
    {
        const double pad = 2.5, line = 9.5, detailLine = 7.5, gap = 14;
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var font = new XFont(EmbeddedFontResolver.Family, 7.6, XFontStyleEx.Regular, unicode);
        var headerFont = new XFont(EmbeddedFontResolver.Family, 7.6, XFontStyleEx.Bold, unicode);
        var detailFont = new XFont(EmbeddedFontResolver.Family, 6, XFontStyleEx.Regular, unicode);
        var (fullX, fullW) = (_x, _w);
        var tableWidth = (fullW - gap * (flowColumns - 1)) / flowColumns;
        var total = columns.Sum(c => c.Share);
        var widths = columns.Select(c => c.Share / total * tableWidth).ToArray();
        var headerLines = columns.Select((c, i) => Wrap(c.Header, headerFont, widths[i] - 2 * pad)).ToList();
        var headerHeight = header ? headerLines.Max(l => l.Count) * line + 2 * pad : 0;
        var open = false;
        var column = 0;
        _y += 3;
        var segmentTop = _y;
        var bottom = _y;
        foreach (var row in rows)
        {
            var texts = row.Select((c, i) => Wrap(c.Text, rowHeaders && i == 0 ? headerFont : font, widths[i] - 2 * pad)).ToList();
            var details = row.Select(c => c.Detail is null ? [] : Wrap(c.Detail, detailFont, tableWidth - 2 * pad)).ToList();
            var textHeight = texts.Max(t => t.Count) * line;
            var height = textHeight + details.Sum(d => d.Count) * detailLine + 2 * pad;
            if (_y + height + (open ? 0 : headerHeight) > Bottom)
            {
                if (open) EndTable();
                open = false;
                bottom = Math.Max(bottom, _y);
                if (column < flowColumns - 1 && segmentTop + headerHeight + height <= Bottom)
                {
                    column++;
                    _y = segmentTop;
                }
                else
                {
                    NewPage();
                    column = 0;
                    segmentTop = _y;
                    bottom = _y;
                }
                _x = fullX + column * (tableWidth + gap);
                _w = tableWidth;
            }
            if (!open)
            {
                _x = fullX + column * (tableWidth + gap);
                _w = tableWidth;
                BeginTable();
                open = true;
            }
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.TableRow);
            var x = _x;
            var detailY = _y + pad + textHeight;
            for (var i = 0; i < row.Count; i++)
            {
                var isHeader = rowHeaders && i == 0;
                _ua.StructureBuilder.BeginElement(isHeader ? PdfBlockLevelElementTag.TableHeaderCell : PdfBlockLevelElementTag.TableDataCell);
                if (isHeader) SetScope("Row");
                var y = _y + pad;
                var format = columns[i].Right ? XStringFormats.TopRight : XStringFormats.TopLeft;
                foreach (var text in texts[i])
                {
                    _gfx!.DrawString(text, isHeader ? headerFont : font, isHeader ? new XSolidBrush(Ink) : XBrushes.Black, new XRect(x + pad, y, widths[i] - 2 * pad, line), format);
                    y += line;
                }
                foreach (var text in details[i])
                {
                    _gfx!.DrawString(text, detailFont, new XSolidBrush(Muted), new XRect(_x + pad, detailY, _w - 2 * pad, detailLine), XStringFormats.TopLeft);
                    detailY += detailLine;
                }
                _ua.StructureBuilder.End();
                x += widths[i];
            }
            _ua.StructureBuilder.End();
            _y += height;
            Decoration(() => _gfx!.DrawLine(new XPen(Line, 0.5), _x, _y, _x + _w, _y));
        }
        if (open) EndTable();
        _y = Math.Max(bottom, _y) + 2;
        (_x, _w) = (fullX, fullW);

        void BeginTable()
        {
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.Table);
            if (!header)
            {
                _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.TableBodyRowGroup);
                return;
            }
            Decoration(() =>
            {
                _gfx!.DrawRectangle(new XSolidBrush(Surface), _x, _y, _w, headerHeight);
                _gfx.DrawLine(new XPen(Muted, 0.75), _x, _y + headerHeight, _x + _w, _y + headerHeight);
            });
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.TableHeadRowGroup);
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.TableRow);
            var x = _x;
            for (var i = 0; i < columns.Count; i++)
            {
                _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.TableHeaderCell);
                SetScope("Column");
                var y = _y + pad;
                foreach (var text in headerLines[i])
                {
                    _gfx!.DrawString(text, headerFont, new XSolidBrush(Ink), new XRect(x + pad, y, widths[i] - 2 * pad, line), columns[i].Right ? XStringFormats.TopRight : XStringFormats.TopLeft);
                    y += line;
                }
                _ua.StructureBuilder.End();
                x += widths[i];
            }
            _ua.StructureBuilder.End();
            _ua.StructureBuilder.End();
            _y += headerHeight;
            _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.TableBodyRowGroup);
        }

        void EndTable()
        {
            _ua.StructureBuilder.End(); // TBody
            _ua.StructureBuilder.End(); // Table
        }
    }

    private void SetScope(string scope) =>
        _ua.StructureBuilder.CurrentStructureElement.TableAttributes.Elements.SetName("/Scope", "/" + scope);

    /// <summary>Draws something that is not content (lines, backgrounds) as an artifact.</summary>
    internal void Decoration(Action draw)
    {
        _ua.StructureBuilder.BeginArtifact();
        draw();
        _ua.StructureBuilder.End();
    }

    /// <summary>
    /// The Trust-Ampel as a drawn light: four lamps in a housing, each in its own shape (Rot octagon, Orange triangle,
    /// Gelb diamond, Grün circle); the lit lamp is filled in its colour with a white symbol and a heavy outline, the
    /// others are outlines only; its label stands below it. Readable in black and white by shape, position and label.
    /// Tagged as one figure with <paramref name="altText"/>. Returns the width used.
    /// </summary>
    public double TrustLightFigure(TrustLight light, string altText, double x, double y)
    {
        const double lamp = 26, gap = 8, pad = 6;
        var order = new[] { TrustLight.Rot, TrustLight.Orange, TrustLight.Gelb, TrustLight.Gruen };
        var width = order.Length * lamp + (order.Length - 1) * gap + 2 * pad;
        var height = lamp + 2 * pad + 12;
        var rect = new XRect(x, y, width, height);
        _ua.StructureBuilder.BeginElement(PdfIllustrationElementTag.Figure, altText, rect);
        _gfx!.DrawRoundedRectangle(new XPen(Ink, 1), new XSolidBrush(Surface), new XRect(x, y, width, lamp + 2 * pad), new XSize(10, 10));
        for (var i = 0; i < order.Length; i++)
        {
            var lit = order[i] == light;
            var box = new XRect(x + pad + i * (lamp + gap), y + pad, lamp, lamp);
            var shape = LampShape(order[i], box);
            if (lit)
            {
                _gfx.DrawPath(new XPen(XColors.Black, 2), new XSolidBrush(LampColor(order[i])), shape);
                DrawSymbol(order[i], box);
            }
            else
            {
                _gfx.DrawPath(new XPen(Muted, 0.75) { DashStyle = XDashStyle.Dot }, shape);
            }
            var label = TrustEngine.Label(order[i]);
            _gfx.DrawString(label, lit ? new XFont(EmbeddedFontResolver.Family, 6.5, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode)) : Tiny,
                lit ? XBrushes.Black : new XSolidBrush(Muted), new XRect(box.X - gap / 2, box.Bottom + pad + 1.5, lamp + gap, 9), XStringFormats.TopCenter);
        }
        _ua.StructureBuilder.End();
        return width;
    }

    private static XColor LampColor(TrustLight light) => light switch
    {
        TrustLight.Gruen => XColor.FromArgb(0x1e, 0x6b, 0x34),
        TrustLight.Gelb => XColor.FromArgb(0xc9, 0x9a, 0x00),
        TrustLight.Orange => XColor.FromArgb(0xb3, 0x53, 0x00),
        _ => XColor.FromArgb(0xb0, 0x00, 0x20),
    };

    private static XGraphicsPath LampShape(TrustLight light, XRect b)
    {
        var path = new XGraphicsPath();
        double cx = b.X + b.Width / 2, cy = b.Y + b.Height / 2, r = b.Width / 2;
        switch (light)
        {
            case TrustLight.Gruen:
                path.AddEllipse(b);
                break;
            case TrustLight.Gelb:
                path.AddPolygon([new XPoint(cx, b.Y), new XPoint(b.Right, cy), new XPoint(cx, b.Bottom), new XPoint(b.X, cy)]);
                break;
            case TrustLight.Orange:
                path.AddPolygon([new XPoint(cx, b.Y + 1), new XPoint(b.Right, b.Bottom - 2), new XPoint(b.X, b.Bottom - 2)]);
                break;
            default:
                path.AddPolygon(Enumerable.Range(0, 8).Select(k => new XPoint(cx + r * Math.Cos(Math.PI / 8 + k * Math.PI / 4), cy + r * Math.Sin(Math.PI / 8 + k * Math.PI / 4))).ToArray());
                break;
        }
        return path;
    }

    private void DrawSymbol(TrustLight light, XRect b)
    {
        var pen = new XPen(XColors.White, 2.6) { LineCap = XLineCap.Round, LineJoin = XLineJoin.Round };
        double cx = b.X + b.Width / 2, cy = b.Y + b.Height / 2;
        switch (light)
        {
            case TrustLight.Gruen: // check mark
                _gfx!.DrawLines(pen, [new XPoint(cx - 6, cy), new XPoint(cx - 1.5, cy + 5), new XPoint(cx + 6.5, cy - 5)]);
                break;
            case TrustLight.Rot: // cross
                _gfx!.DrawLine(pen, cx - 5, cy - 5, cx + 5, cy + 5);
                _gfx.DrawLine(pen, cx - 5, cy + 5, cx + 5, cy - 5);
                break;
            default: // exclamation mark
                var top = light == TrustLight.Orange ? cy - 3.5 : cy - 6;
                _gfx!.DrawLine(pen, cx, top, cx, cy + 2.5);
                _gfx.DrawEllipse(XBrushes.White, cx - 1.5, cy + 5, 3, 3);
                break;
        }
    }

    /// <summary>
    /// The QR code (vector, one path of merged module runs) as a figure with alt text at (x, y) with the given size.
    /// </summary>
    public void QrFigure(string url, double x, double y, double size, string altText)
    {
        var rect = new XRect(x, y, size, size);
        _ua.StructureBuilder.BeginElement(PdfIllustrationElementTag.Figure, altText, rect);
        DrawQr(url, rect);
        _ua.StructureBuilder.End();
    }

    /// <summary>Draws the QR code's dark modules into <paramref name="rect"/> (untagged; the caller tags it).</summary>
    internal void DrawQr(string url, XRect rect)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var n = modules.Count;
        var cell = rect.Width / n;
        var path = new XGraphicsPath { FillMode = XFillMode.Winding };
        for (var row = 0; row < n; row++)
        {
            var col = 0;
            while (col < n)
            {
                if (!modules[row][col])
                {
                    col++;
                    continue;
                }
                var start = col;
                while (col < n && modules[row][col]) col++;
                path.AddRectangle(rect.X + start * cell, rect.Y + row * cell, (col - start) * cell, cell + 0.02);
            }
        }
        _gfx!.DrawPath(XBrushes.Black, path);
    }

    /// <summary>The old single-column QR block (kept for the hand-over sheet): code at the left margin, then the flow continues below.</summary>
    public void QrCode(string url, double size, string altText)
    {
        Ensure(size + 8);
        QrFigure(url, _x, _y + 4, size, altText);
        _y += size + 8;
    }

    /// <summary>
    /// Lays out content in a column from <paramref name="x"/> (relative to the margin) with <paramref name="width"/>
    /// starting at the current line; returns to the full width afterwards. Returns the bottom of the column.
    /// </summary>
    public double Column(double x, double width, Action draw)
    {
        var (oldX, oldW, top) = (_x, _w, _y);
        _x = Margin + x;
        _w = width;
        try
        {
            draw();
            return _y;
        }
        finally
        {
            _x = oldX;
            _w = oldW;
            _y = top;
        }
    }

    /// <summary>Two columns side by side (left first in reading order); the flow continues below the taller one.</summary>
    public void TwoColumns(double leftShare, Action left, Action right, double gap = 18)
    {
        var leftWidth = (FullWidth - gap) * leftShare;
        var a = Column(0, leftWidth, left);
        var b = Column(leftWidth + gap, FullWidth - leftWidth - gap, right);
        _y = Math.Max(a, b);
    }

    /// <summary>Places a block of the given height at the current line (new page when it does not fit) and returns its top.</summary>
    public double Reserve(double height)
    {
        Ensure(height);
        var top = _y;
        _y += height;
        return top;
    }

    public double X => _x;
    public double Y { get => _y; set => _y = value; }
    public double Width => _w;

    /// <summary>A notice set apart: a tinted box with a bar in the brand colour, the text in bold.</summary>
    public void Notice(string text)
    {
        const double pad = 7, lineHeight = 12;
        var lines = Wrap(text, Bold, _w - 2 * pad - 4);
        var height = lines.Count * lineHeight + 2 * pad;
        _y += 8;
        Ensure(height);
        Decoration(() =>
        {
            _gfx!.DrawRectangle(new XSolidBrush(Surface), _x, _y, _w, height);
            _gfx.DrawRectangle(new XSolidBrush(Brand), _x, _y, 3, height);
        });
        _ua.StructureBuilder.BeginElement(PdfBlockLevelElementTag.Paragraph);
        var y = _y + pad;
        foreach (var line in lines)
        {
            _gfx!.DrawString(line, Bold, XBrushes.Black, new XRect(_x + pad + 4, y, _w - 2 * pad - 4, lineHeight), XStringFormats.TopLeft);
            y += lineHeight;
        }
        _ua.StructureBuilder.End();
        _y += height + 2;
    }

    /// <summary>A thin separator line (decoration, not content).</summary>
    public void Rule()
    {
        Ensure(10);
        Decoration(() => _gfx!.DrawLine(new XPen(Line, 0.5), _x, _y + 5, _x + _w, _y + 5));
        _y += 10;
    }

    /// <summary>Adds a bookmark (outline entry) for the current page.</summary>
    public void Bookmark(string title) => _doc.Outlines.Add(title, _page!, true);

    public void Save(Stream output)
    {
        FinishPage();
        _gfx?.Dispose();
        _gfx = null;
        CompressPageContents();
        _doc.Save(output, closeStream: false);
    }

    /// <summary>Compresses every page's content stream as a complete zlib stream (header, deflate data, Adler-32).</summary>
    private void CompressPageContents()
    {
        foreach (var page in _doc.Pages)
        {
            for (var i = 0; i < page.Contents.Elements.Count; i++)
            {
                if (page.Contents.Elements.GetDictionary(i) is not { Stream: { } stream } content || content.Elements.GetName("/Filter").Length > 0) continue;
                using var packed = new MemoryStream();
                using (var zlib = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(stream.Value);
                stream.Value = packed.ToArray();
                content.Elements.SetName("/Filter", "/FlateDecode");
                content.Elements.SetInteger("/Length", stream.Length);
            }
        }
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _doc.Dispose();
    }

    internal List<string> Wrap(string text, XFont font, double width)
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
                // A single over-long word (e.g. a hash or a URL) is broken by characters.
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
