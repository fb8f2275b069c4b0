using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using LifeTimeCircle.Domain.Imports;

namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>The file as a whole cannot be read: our own German text, shown to the owner; nothing is imported.</summary>
public class ImportFileException(string message) : Exception(message);

/// <summary>The file is readable but required columns were not recognised: the owner maps them (the mapping step).</summary>
public sealed class ImportMappingNeededException(string message, IReadOnlyList<string> headers) : ImportFileException(message)
{
    public IReadOnlyList<string> Headers { get; } = headers;
}

/// <summary>
/// Reads an import file (CSV or an Excel workbook, <see cref="XlsxSheet"/>) in two streaming passes with bounded memory (issue 18): the first detects the encoding
/// (UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252), the delimiter (semicolon, comma or tab,
/// from the header line), the columns and the number and date formats (votes of the cells), and counts the rows;
/// <see cref="Rows"/> then yields the data rows one by one. Cells are only ever read as text.
/// </summary>
public sealed class ImportFile
{
    public const int MaxCellLength = 4000;
    public const int MaxColumns = ImportColumns.MaxColumns;

    private ImportFile(string path, bool xlsx, int maxRows, Encoding encoding, char delimiter, ImportColumns columns, ImportFormat format, int rowCount)
    {
        Path = path;
        Xlsx = xlsx;
        _maxRows = maxRows;
        Encoding = encoding;
        Delimiter = delimiter;
        Columns = columns;
        Format = format;
        RowCount = rowCount;
    }

    private readonly int _maxRows;

    public string Path { get; }

    /// <summary>An Excel workbook (.xlsx) rather than a text file; see <see cref="XlsxSheet"/>.</summary>
    public bool Xlsx { get; }
    public Encoding Encoding { get; }
    public char Delimiter { get; }
    public ImportColumns Columns { get; }
    public ImportFormat Format { get; }
    public int RowCount { get; }

    public static ImportFile Analyse(string path, int maxRows, long maxBytes, IReadOnlyDictionary<string, ImportField>? chosen = null, bool multi = false)
    {
        var xlsx = IsWorkbook(path);
        Encoding encoding = Utf8Strict;
        string encodingName = "Excel (.xlsx)";
        var delimiter = '\0';
        if (xlsx) XlsxSheet.Check(path, maxBytes);
        else
        {
            (encoding, encodingName) = DetectEncoding(path);
            delimiter = DetectDelimiter(path, encoding);
        }
        ImportColumns? columns = null;
        int german = 0, english = 0, dotted = 0, iso = 0, dayFirst = 0, monthFirst = 0, rows = 0;
        foreach (var (row, cells) in xlsx ? XlsxSheet.Rows(path, null, maxRows) : Read(path, encoding, delimiter))
        {
            if (columns is null)
            {
                var (matched, error, missing) = ImportColumns.Match(cells, chosen, multi);
                if (matched is null && missing) throw new ImportMappingNeededException(error!, cells);
                columns = matched ?? throw new ImportFileException(error!);
                continue;
            }
            rows++;
            if (rows > maxRows)
            {
                throw new ImportFileException($"Die Datei hat mehr als {maxRows.ToString("N0", Web.Display.Culture)} Datenzeilen. Bitte teilen Sie sie in mehrere Dateien auf.");
            }
            if (columns.Index.TryGetValue(ImportField.Cost, out var c) && c < cells.Length) ImportRows.VoteNumber(cells[c], ref german, ref english);
            if (columns.Index.TryGetValue(ImportField.Odometer, out var o) && o < cells.Length) ImportRows.VoteNumber(cells[o], ref german, ref english);
            if (columns.Index.TryGetValue(ImportField.Date, out var d) && d < cells.Length) ImportRows.VoteDate(cells[d], ref dotted, ref iso, ref dayFirst, ref monthFirst);
        }
        if (columns is null) throw new ImportFileException("Die Datei ist leer. Erwartet wird eine Kopfzeile und darunter eine Zeile je Eintrag.");
        if (rows == 0) throw new ImportFileException("Die Datei enthält nur die Kopfzeile und keine Einträge.");
        var numbers = german > english ? NumberStyle.Deutsch : english > german ? NumberStyle.Englisch
            : xlsx || delimiter == ';' ? NumberStyle.Deutsch : NumberStyle.Englisch;
        var dates = dotted >= Math.Max(iso, dayFirst + monthFirst) && dotted > 0 ? DateStyle.TagMonatJahr
            : iso >= dayFirst + monthFirst && iso > 0 ? DateStyle.Iso
            : dayFirst > monthFirst ? DateStyle.TagMonatJahrSchraeg
            : dayFirst + monthFirst > 0 ? DateStyle.MonatTagJahr
            : numbers == NumberStyle.Deutsch ? DateStyle.TagMonatJahr : DateStyle.Iso;
        var format = new ImportFormat(encodingName, delimiter, numbers, dates, columns.LubeLogger);
        return new ImportFile(path, xlsx, maxRows, encoding, delimiter, columns, format, rows);
    }

    /// <summary>The data rows (row numbers as a spreadsheet shows them: the header is row 1).</summary>
    public IEnumerable<(int Row, string[] Cells)> Rows() =>
        (Xlsx ? XlsxSheet.Rows(Path, Format, _maxRows) : Read(Path, Encoding, Delimiter)).Skip(1);

    /// <summary>A zip archive (what an .xlsx is); the old binary .xls format is refused with advice.</summary>
    private static bool IsWorkbook(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        var n = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (n == 4 && head.SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            throw new ImportFileException("Das ist eine Datei im alten Excel-Format (.xls). Bitte speichern Sie die Tabelle als Excel-Arbeitsmappe (.xlsx) oder als CSV und laden Sie diese hoch.");
        }
        return n == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
    }

    private static IEnumerable<(int Row, string[] Cells)> Read(string path, Encoding encoding, char delimiter)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = false,
            Mode = CsvMode.RFC4180,
            IgnoreBlankLines = false,
            MaxFieldSize = MaxCellLength,
            DetectColumnCountChanges = false,
            BadDataFound = args => throw new ImportFileException(
                $"Die Datei ist in Zeile {args.Context.Parser?.Row ?? 0} nicht lesbar: ein Anführungszeichen steht an falscher Stelle oder ist nicht geschlossen."),
        };
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: false);
        using var parser = new CsvParser(reader, config);
        var row = 0;
        while (true)
        {
            string[]? record;
            try
            {
                if (!parser.Read()) yield break;
                record = parser.Record;
                row = parser.Row;
            }
            catch (ImportFileException) { throw; }
            catch (DecoderFallbackException)
            {
                throw new ImportFileException($"Die Datei enthält ab Zeile {row + 1} ungültige Zeichen. Bitte speichern Sie sie als „CSV UTF-8“ und laden Sie sie erneut hoch.");
            }
            catch (CsvHelperException e) when (e.InnerException is DecoderFallbackException)
            {
                throw new ImportFileException($"Die Datei enthält ab Zeile {row + 1} ungültige Zeichen. Bitte speichern Sie sie als „CSV UTF-8“ und laden Sie sie erneut hoch.");
            }
            catch (CsvHelperException)
            {
                throw new ImportFileException($"Die Datei ist ab Zeile {row + 1} nicht lesbar: ein Anführungszeichen ist nicht geschlossen oder eine Zelle ist länger als {MaxCellLength} Zeichen.");
            }
            if (record is null || record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length > MaxColumns) throw new ImportFileException($"Zeile {row} hat mehr als {MaxColumns} Spalten. Ist das Trennzeichen richtig?");
            if (record[0].Length > 0 && record[0][0] == '\uFEFF') record[0] = record[0][1..];
            yield return (row, record);
        }
    }

    private static readonly Encoding Utf8Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>By the bytes: BOM first; a file that is valid UTF-8 throughout is UTF-8; anything else Windows-1252. Binary files are refused.</summary>
    public static (Encoding Encoding, string Name) DetectEncoding(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        var n = file.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        head = head[..n];
        if (n == 0) throw new ImportFileException("Die Datei ist leer.");
        if (head.StartsWith("%PDF"u8)) throw new ImportFileException("Das ist eine PDF-Datei, keine Tabelle. Bitte laden Sie eine CSV-Datei hoch.");
        if (head.StartsWith(new byte[] { 0xFF, 0xFE })) return (new UnicodeEncoding(false, true, true), "UTF-16");
        if (head.StartsWith(new byte[] { 0xFE, 0xFF })) return (new UnicodeEncoding(true, true, true), "UTF-16");
        var bom = head.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF });
        file.Position = bom ? 3 : 0;
        var decoder = Utf8Strict.GetDecoder();
        var bytes = new byte[65536];
        var chars = new char[Utf8Strict.GetMaxCharCount(bytes.Length)];
        var utf8 = true;
        int read;
        while ((read = file.Read(bytes)) > 0)
        {
            if (bytes.AsSpan(0, read).Contains((byte)0)) throw new ImportFileException("Die Datei enthält Binärdaten und ist keine CSV-Datei.");
            if (!utf8) continue;
            try { decoder.GetChars(bytes, 0, read, chars, 0, flush: false); }
            catch (DecoderFallbackException) { utf8 = false; }
        }
        if (utf8)
        {
            try { decoder.GetChars([], 0, 0, chars, 0, flush: true); }
            catch (DecoderFallbackException) { utf8 = false; }
        }
        if (bom && !utf8) throw new ImportFileException("Die Datei ist als UTF-8 gekennzeichnet, enthält aber ungültige Zeichen. Bitte speichern Sie sie erneut als „CSV UTF-8“.");
        if (utf8) return (new UTF8Encoding(false, true), bom ? "UTF-8 mit BOM" : "UTF-8");
        return (CodePagesEncodingProvider.Instance.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback)!, "Windows-1252");
    }

    /// <summary>The delimiter that splits the header line most often (outside quotes): semicolon, comma or tab.</summary>
    private static char DetectDelimiter(string path, Encoding encoding)
    {
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[8192];
        int n;
        try { n = reader.ReadBlock(buffer, 0, buffer.Length); }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException("Die Datei enthält am Anfang ungültige Zeichen. Bitte speichern Sie sie als „CSV UTF-8“ und laden Sie sie erneut hoch.");
        }
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        for (var i = 0; i < n; i++)
        {
            var c = buffer[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\n' or '\r') break;
            else if (!quoted && c == ';') semicolons++;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == '\t') tabs++;
        }
        if (semicolons == 0 && commas == 0 && tabs == 0)
        {
            throw new ImportFileException("In der ersten Zeile wurde kein Trennzeichen gefunden (Semikolon, Komma oder Tabulator). Erwartet wird eine Kopfzeile mit den Spaltennamen.");
        }
        return semicolons >= commas && semicolons >= tabs ? ';' : commas >= tabs ? ',' : '\t';
    }
}
