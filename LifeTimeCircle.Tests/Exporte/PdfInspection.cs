using System.Text;
using System.Text.Json;
using LifeTimeCircle.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace LifeTimeCircle.Tests.Exporte;

/// <summary>
/// What the PDF tests look at, with the tools a print shop or an accessibility check would use: <c>qpdf --check</c>
/// (syntax and every stream's encoding), <c>qpdf --json</c> (the tagged structure), PdfPig (text in reading order) and
/// <c>pdftoppm</c> (the rendered page). qpdf and poppler-utils are installed from Debian when missing (root) or the
/// test fails with the install command — never skipped (also under CI=true).
/// </summary>
public static class PdfInspection
{
    public static void EnsureTools()
    {
        Prerequisites.EnsurePackages("/usr/bin/qpdf", "qpdf");
        Prerequisites.EnsurePackages("/usr/bin/pdftoppm", "poppler-utils");
    }

    private static string TempFile(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), "ltc-pdf-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary><c>qpdf --check</c> and a fully decoding rewrite must exit with 0 (3 = warnings) and print no warning.</summary>
    public static void AssertQpdfClean(byte[] pdf, string name)
    {
        EnsureTools();
        var path = TempFile(pdf);
        try
        {
            string output;
            try
            {
                output = Prerequisites.Run("/usr/bin/qpdf", $"--check \"{path}\"", 120);
            }
            catch (InvalidOperationException e)
            {
                throw new Xunit.Sdk.XunitException($"{name}: qpdf --check meldet Fehler oder Warnungen:\n{e.Message}");
            }
            Assert.True(output.Contains("No syntax or stream encoding errors found", StringComparison.Ordinal), $"{name}: {output}");
            Assert.False(output.Contains("WARNING", StringComparison.OrdinalIgnoreCase), $"{name}: {output}");
            // --check decodes the page contents only; rewriting with every stream decoded also reads the fonts and
            // ToUnicode maps (PDFsharp's own Flate encoder left their zlib streams without the Adler-32 trailer:
            // „input stream is complete but output may still be valid“, qpdf exit code 3).
            var decoded = Prerequisites.Run("/usr/bin/qpdf", $"--decode-level=all --qdf --object-streams=disable \"{path}\" \"{path}.qdf\"", 120);
            Assert.False(decoded.Contains("WARNING", StringComparison.OrdinalIgnoreCase), $"{name}: {decoded}");
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".qdf");
        }
    }

    /// <summary>The document's objects as qpdf's JSON shows them (strings decoded, "u:" prefix).</summary>
    public static List<JsonElement> Objects(byte[] pdf)
    {
        EnsureTools();
        var path = TempFile(pdf);
        try
        {
            using var json = JsonDocument.Parse(Prerequisites.Run("/usr/bin/qpdf", $"--json --json-key=qpdf \"{path}\"", 120));
            return json.RootElement.GetProperty("qpdf")[1].EnumerateObject()
                .Select(o => o.Value.TryGetProperty("value", out var v) ? v : o.Value.TryGetProperty("stream", out var s) ? s.GetProperty("dict") : default)
                .Where(v => v.ValueKind == JsonValueKind.Object)
                .Select(v => v.Clone())
                .ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string? Str(this JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// Tagged and described: language de-DE, a title shown by the viewer, marked content with a structure tree,
    /// every font embedded, every figure with alternative text, every table header cell with a scope.
    /// Returns how often each structure type occurs.
    /// </summary>
    public static Dictionary<string, int> AssertAccessible(byte[] pdf, string name, string title)
    {
        var objects = Objects(pdf);
        var catalog = objects.Single(o => o.Str("/Type") == "/Catalog");
        Assert.Equal("u:de-DE", catalog.Str("/Lang"));
        Assert.True(catalog.TryGetProperty("/StructTreeRoot", out _), name + ": kein Strukturbaum");
        Assert.Contains(objects, o => o.TryGetProperty("/Marked", out var m) && m.ValueKind == JsonValueKind.True);
        Assert.Contains(objects, o => o.TryGetProperty("/DisplayDocTitle", out var d) && d.ValueKind == JsonValueKind.True);
        Assert.Equal("u:" + title, objects.Single(o => o.Str("/Producer") is not null).Str("/Title"));
        var descriptors = objects.Where(o => o.Str("/Type") == "/FontDescriptor").ToList();
        Assert.NotEmpty(descriptors);
        Assert.All(descriptors, d => Assert.True(d.TryGetProperty("/FontFile2", out _), $"{name}: Schrift {d.Str("/FontName")} nicht eingebettet"));
        var elements = objects.Where(o => o.Str("/Type") == "/StructElem").ToList();
        Assert.All(elements.Where(e => e.Str("/S") == "/Figure"), f => Assert.False(string.IsNullOrWhiteSpace(f.Str("/Alt")?[2..]), name + ": Abbildung ohne Alternativtext"));
        Assert.All(elements.Where(e => e.Str("/S") == "/TH"), th =>
            Assert.True(th.TryGetProperty("/A", out var a) && a.Str("/Scope") is "/Column" or "/Row", name + ": Kopfzelle ohne Scope"));
        return elements.GroupBy(e => e.Str("/S")!).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>All pages' text in content order (PdfPig), whitespace removed.</summary>
    public static string Text(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return new string(string.Concat(doc.GetPages().Select(p => p.Text)).Where(c => !char.IsWhiteSpace(c)).ToArray());
    }

    public static int Pages(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return doc.NumberOfPages;
    }

    /// <summary>Asserts that the given phrases appear in this order in the extracted text (reading order).</summary>
    public static void AssertReadingOrder(byte[] pdf, string name, params string[] phrases)
    {
        var text = Text(pdf);
        var at = 0;
        foreach (var phrase in phrases)
        {
            var next = text.IndexOf(new string(phrase.Where(c => !char.IsWhiteSpace(c)).ToArray()), at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"{name}: „{phrase}“ fehlt nach Position {at} oder steht in falscher Reihenfolge.\n{text}");
            at = next + 1;
        }
    }

    /// <summary>
    /// Renders every page at 72 dpi in grey (one pixel per point) with pdftoppm and asserts that no pixel darker than
    /// near-white lies closer to the paper's edge than the page's margin (given per page, in points). Also asserts
    /// that each page shows something. Returns the number of pages rendered.
    /// </summary>
    public static int AssertInsideMargins(byte[] pdf, string name, Func<int, double> marginOfPage)
    {
        EnsureTools();
        var dir = Path.Combine(Path.GetTempPath(), "ltc-render-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "doc.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            Prerequisites.Run("/usr/bin/pdftoppm", $"-r 72 -gray \"{path}\" \"{Path.Combine(dir, "page")}\"", 300);
            var pages = Directory.GetFiles(dir, "page-*.pgm").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f)[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Pages(pdf), pages.Count);
            for (var i = 0; i < pages.Count; i++)
            {
                var (width, height, pixels) = ReadPgm(pages[i]);
                var margin = marginOfPage(i + 1) - 1; // one pixel for anti-aliasing at the edge of a stroke
                var ink = 0;
                var outside = new List<string>();
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        if (pixels[y * width + x] >= 235) continue;
                        ink++;
                        if ((x < margin || x >= width - margin || y < margin || y >= height - margin) && outside.Count < 5) outside.Add($"({x}, {y})");
                    }
                }
                Assert.True(ink > 500, $"{name}, Seite {i + 1}: leer");
                Assert.True(outside.Count == 0, $"{name}, Seite {i + 1}: gezeichnet außerhalb des Rands von {margin + 1:0.#} pt bei {string.Join(", ", outside)}");
            }
            return pages.Count;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (int Width, int Height, byte[] Pixels) ReadPgm(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var fields = new List<string>();
        var pos = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)bytes[pos])) pos++;
            if (bytes[pos] == '#')
            {
                while (bytes[pos] != '\n') pos++;
                continue;
            }
            var start = pos;
            while (!char.IsWhiteSpace((char)bytes[pos])) pos++;
            fields.Add(Encoding.ASCII.GetString(bytes, start, pos - start));
        }
        pos++; // the single whitespace after maxval
        Assert.Equal("P5", fields[0]);
        int width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return (width, height, bytes[pos..(pos + width * height)]);
    }
}
