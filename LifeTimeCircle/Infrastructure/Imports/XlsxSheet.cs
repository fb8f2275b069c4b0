using System.Globalization;
using System.IO.Compression;
using LifeTimeCircle.Domain.Imports;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>
/// The first worksheet of an Excel workbook (.xlsx) as rows of cells (issue 18), read with MiniExcel's streaming reader.
/// Before MiniExcel sees the file, the archive is checked by decompressing every part with a counter: more than 64 times
/// the upload limit (at most <see cref="MaxUnpackedBytes"/>) in total or more than <see cref="MaxParts"/> parts refuse
/// the file (a zip bomb costs at most that much inflating, never memory; real workbooks pack 3–20 to 1). Cells typed by Excel (numbers, dates) are written back as text in the
/// file's own style, so the CSV rules parse them; formulas are never evaluated (MiniExcel reads the cached value).
/// </summary>
public static class XlsxSheet
{
    public const long MaxUnpackedBytes = 64L * 1024 * 1024;
    public const int MaxParts = 200;

    /// <summary>Refuses what is not a workbook or would unpack beyond the limits.</summary>
    public static void Check(string path, long maxBytes)
    {
        var limit = Math.Min(MaxUnpackedBytes, 64 * maxBytes);
        const string notWorkbook = "Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx). Bitte speichern Sie die Tabelle in Excel oder LibreOffice erneut als .xlsx oder als CSV.";
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > MaxParts) throw new ImportFileException(notWorkbook);
            var hasSheet = false;
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                hasSheet |= entry.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase);
                using var part = entry.Open();
                int n;
                while ((n = part.Read(buffer)) > 0)
                {
                    total += n;
                    if (total > limit)
                    {
                        throw new ImportFileException($"Die Excel-Datei ist entpackt größer als {Web.Display.FileSize(limit)} und wird nicht gelesen. Bitte teilen Sie sie auf oder speichern Sie sie als CSV.");
                    }
                }
            }
            if (!hasSheet) throw new ImportFileException(notWorkbook);
        }
        catch (InvalidDataException) { throw new ImportFileException(notWorkbook); }
        catch (IOException) { throw new ImportFileException(notWorkbook); }
    }

    /// <summary>
    /// The rows of the first sheet, numbered as Excel shows them. With <paramref name="format"/> null (the analysis),
    /// typed cells below the header come back as „0“ (no vote, not empty), so that only text cells vote on the number and
    /// date style and both passes count the same rows.
    /// </summary>
    public static IEnumerable<(int Row, string[] Cells)> Rows(string path, ImportFormat? format, int maxRows)
    {
        var config = new OpenXmlConfiguration { FillMergedCells = false, IgnoreEmptyRows = false, MaxSynthesizedCells = (maxRows + 2L) * ImportFile.MaxColumns };
        IEnumerator<object> rows;
        try
        {
            rows = MiniExcel.Query(path, useHeaderRow: false, excelType: ExcelType.XLSX, configuration: config).GetEnumerator();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or NotSupportedException or IOException or KeyNotFoundException)
        {
            throw new ImportFileException("Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx). Bitte speichern Sie die Tabelle erneut als .xlsx oder als CSV.");
        }
        using (rows)
        {
            var row = 0;
            while (true)
            {
                IDictionary<string, object?> cells;
                try
                {
                    if (!rows.MoveNext()) yield break;
                    cells = (IDictionary<string, object?>)rows.Current;
                }
                catch (Exception e) when (e is not ImportFileException and not OutOfMemoryException)
                {
                    throw new ImportFileException($"Die Excel-Datei ist ab Zeile {row + 1} nicht lesbar. Bitte speichern Sie sie erneut als .xlsx oder als CSV.");
                }
                row++;
                if (cells.Count > ImportFile.MaxColumns) throw new ImportFileException($"Zeile {row} hat mehr als {ImportFile.MaxColumns} Spalten.");
                var text = new string[cells.Count];
                var i = 0;
                foreach (var value in cells.Values)
                {
                    text[i++] = row == 1 || format is not null ? Text(value, format) : value switch { null => "", string s => s, _ => "0" };
                }
                if (text.Any(t => t.Length > ImportFile.MaxCellLength)) throw new ImportFileException($"Zeile {row} hat eine Zelle mit mehr als {ImportFile.MaxCellLength} Zeichen.");
                if (text.All(string.IsNullOrWhiteSpace)) continue;
                yield return (row, text);
            }
        }
    }

    /// <summary>A typed cell in the file's style: numbers without thousands separators, dates as the file writes them.</summary>
    public static string Text(object? value, ImportFormat? format)
    {
        var german = format?.Numbers != NumberStyle.Englisch;
        var culture = german ? Web.Display.Culture : CultureInfo.InvariantCulture;
        return value switch
        {
            null => "",
            string s => s,
            DateTime d => (format?.Dates ?? DateStyle.TagMonatJahr) switch
            {
                DateStyle.Iso => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateStyle.MonatTagJahr => d.ToString("MM'/'dd'/'yyyy", CultureInfo.InvariantCulture),
                DateStyle.TagMonatJahrSchraeg => d.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture),
                _ => d.ToString("dd'.'MM'.'yyyy", CultureInfo.InvariantCulture),
            },
            double n => n.ToString("0.##########", culture),
            decimal n => n.ToString("0.##########", culture),
            int or long or short or byte or float => Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("0.##########", culture),
            bool b => b ? "ja" : "nein",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
