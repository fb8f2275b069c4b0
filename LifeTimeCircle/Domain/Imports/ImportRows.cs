using System.Globalization;
using System.Text.RegularExpressions;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Imports;

/// <summary>What one data row of a file becomes: the entry's values (or none) and what the report says about it.</summary>
public sealed record RowResult(int Row, EntryValues? Values, bool RequiredFieldsMissing, IReadOnlyList<RowIssue> Issues)
{
    public bool IsGood => Values is not null;
}

public sealed record RowIssue(IssueSeverity Severity, string Column, string Message, string? Value);

/// <summary>
/// The rules that turn one row into entry values (issue 18, SPEC §15): the number and date formats detected per file,
/// entry types and performed-by in German and English, kilometres or miles, formula-looking cells kept as text. Pure:
/// no I/O, used by the dry run and the import alike so that both say the same.
/// </summary>
public static partial class ImportRows
{
    public const int MaxRemarkLength = 2000;
    public const int MaxNameLength = 120;
    public const double KmPerMile = 1.609344;

    /// <summary>Votes of one cell for the German or English number style (cells like „1.234“ vote for neither).</summary>
    public static void VoteNumber(string? cell, ref int german, ref int english)
    {
        var s = Clean(cell);
        if (s.Length == 0) return;
        int dot = s.LastIndexOf('.'), comma = s.LastIndexOf(',');
        if (dot >= 0 && comma >= 0) { if (comma > dot) german++; else english++; return; }
        if (comma >= 0 && !ThousandsOnly().IsMatch(s.Replace(',', '.'))) german++;
        else if (dot >= 0 && !ThousandsOnly().IsMatch(s)) english++;
    }

    /// <summary>Votes of one date cell: a slashed date whose first part is above 12 is day/month, whose second part is, month/day.</summary>
    public static void VoteDate(string? cell, ref int dotted, ref int iso, ref int dayFirst, ref int monthFirst)
    {
        var s = (cell ?? "").Trim();
        if (DottedDate().IsMatch(s)) dotted++;
        else if (IsoDate().IsMatch(s)) iso++;
        else if (SlashDate().Match(s) is { Success: true } m)
        {
            var a = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (a > 12) dayFirst++;
            else if (b > 12) monthFirst++;
        }
    }

    public static RowResult Parse(int row, IReadOnlyList<string?> cells, ImportColumns columns, ImportFormat format, OdometerUnit unit, DateOnly today)
    {
        var issues = new List<RowIssue>();
        string? Cell(ImportField f) => columns.Index.TryGetValue(f, out var i) && i < cells.Count ? Text(cells[i]) : null;
        void Error(ImportField f, string message, string? value) => issues.Add(new RowIssue(IssueSeverity.Fehler, ImportColumns.Label(f), message, value));

        var missing = false;
        DateOnly? date = null;
        var rawDate = Cell(ImportField.Date);
        if (string.IsNullOrWhiteSpace(rawDate)) Error(ImportField.Date, "Das Datum fehlt.", null);
        else if (ParseDate(rawDate, format.Dates) is not { } d) Error(ImportField.Date, "Das Datum ist nicht lesbar (erwartet z. B. 14.05.2024 oder 2024-05-14).", rawDate);
        else if (d > today) Error(ImportField.Date, "Das Datum liegt in der Zukunft.", rawDate);
        else if (d.Year < 1885) Error(ImportField.Date, "Das Datum ist zu früh.", rawDate);
        else date = d;

        int? km = null;
        var rawKm = Cell(ImportField.Odometer);
        if (string.IsNullOrWhiteSpace(rawKm)) Error(ImportField.Odometer, "Der Kilometerstand fehlt.", null);
        else if (ParseWhole(rawKm, format.Numbers) is not { } n) Error(ImportField.Odometer, "Der Kilometerstand ist keine ganze Zahl.", rawKm);
        else
        {
            var converted = unit == OdometerUnit.Meilen ? (long)Math.Round(n * KmPerMile, MidpointRounding.AwayFromZero) : n;
            if (converted is < 0 or > Entry.MaxOdometerKm) Error(ImportField.Odometer, "Der Kilometerstand muss zwischen 0 und 5.000.000 liegen.", rawKm);
            else km = (int)converted;
        }

        EntryCategory? category = null;
        var description = Cell(ImportField.Description);
        if (columns.LubeLogger) category = CategoryFromText(description) ?? EntryCategory.Sonstiges;
        else
        {
            var rawType = Cell(ImportField.Type);
            if (string.IsNullOrWhiteSpace(rawType)) Error(ImportField.Type, "Die Art fehlt.", null);
            else if (ParseCategory(rawType) is not { } c) Error(ImportField.Type, "Unbekannte Art. Möglich sind Inspektion, Ölwechsel, Reparatur, Reifen, HU/AU, Karosserie, Umbau, Pflege, Sonstiges.", rawType);
            else category = c;
        }

        BusinessType? performedBy = null;
        var rawBy = Cell(ImportField.PerformedBy);
        if (string.IsNullOrWhiteSpace(rawBy))
        {
            // Imported without it, marked: the trust reason entry_required_fields_missing names the gap.
            missing = true;
            issues.Add(new RowIssue(IssueSeverity.Hinweis, ImportColumns.Label(ImportField.PerformedBy),
                "„Ausgeführt von“ fehlt. Der Eintrag wird importiert und als unvollständig markiert; Sie können ihn später korrigieren.", null));
            performedBy = BusinessType.Sonstiges;
        }
        else if (ParsePerformedBy(rawBy) is not { } b) Error(ImportField.PerformedBy, "Unbekannte Angabe. Möglich sind Fachwerkstatt, Händler, Autohaus, Reifenservice, Tuning-Fachbetrieb, Gesetzliches, Eigenleistung, Sonstiges.", rawBy);
        else performedBy = b;

        long? cents = null;
        var rawCost = Cell(ImportField.Cost);
        if (!string.IsNullOrWhiteSpace(rawCost))
        {
            if (ParseCents(rawCost, format.Numbers) is not { } c) Error(ImportField.Cost, format.Numbers == NumberStyle.Deutsch
                ? "Der Betrag ist nicht lesbar (erwartet z. B. 1.234,56)." : "Der Betrag ist nicht lesbar (erwartet z. B. 1,234.56).", rawCost);
            else cents = c == 0 && columns.LubeLogger ? null : c;
        }

        var name = Cell(ImportField.BusinessName);
        if (name is { Length: > MaxNameLength }) Error(ImportField.BusinessName, "Der Name des Betriebs darf höchstens 120 Zeichen lang sein.", name);

        var parts = new List<string>();
        foreach (var f in columns.LubeLogger ? new[] { ImportField.Description, ImportField.Remark, ImportField.Notes } : [ImportField.Remark, ImportField.Description, ImportField.Notes])
        {
            if (Cell(f) is { Length: > 0 } t) parts.Add(t);
        }
        if (Cell(ImportField.Tags) is { Length: > 0 } tags) parts.Add("Tags: " + tags);
        var remark = parts.Count == 0 ? null : string.Join(" – ", parts);
        if (remark is { Length: > MaxRemarkLength }) Error(ImportField.Remark, "Die Bemerkung darf höchstens 2000 Zeichen lang sein.", remark);

        var rawTrust = Cell(ImportField.TrustStatus);
        if (!string.IsNullOrWhiteSpace(rawTrust) && ImportColumns.Normalize(rawTrust) is "t2" or "t3")
        {
            issues.Add(new RowIssue(IssueSeverity.Hinweis, ImportColumns.Label(ImportField.TrustStatus),
                "Der T-Status aus der Datei wird nicht übernommen: ohne Nachweis zählt ein importierter Eintrag als T1.", rawTrust));
        }

        var vin = Cell(ImportField.Vin);
        _ = vin; // compared with the vehicle by the caller (it holds the protected VIN)

        if (issues.Any(i => i.Severity == IssueSeverity.Fehler) || date is null || km is null || category is null || performedBy is null)
        {
            return new RowResult(row, null, missing, issues);
        }
        var values = new EntryValues(date.Value, category.Value, performedBy.Value, name, km.Value, remark, cents, IsNachtrag: true);
        return new RowResult(row, values, missing, issues);
    }

    /// <summary>
    /// A cell as text: trimmed; a leading apostrophe that neutralised a formula (our own export does that) is removed.
    /// Formula-looking text („=…“, „+…“, „-…“, „@…“) stays plain text: nothing is ever evaluated.
    /// </summary>
    public static string? Text(string? cell)
    {
        if (cell is null) return null;
        var t = cell.Trim();
        if (t.Length >= 2 && t[0] == '\'' && t[1] is '=' or '+' or '-' or '@') t = t[1..];
        return t.Length == 0 ? null : t;
    }

    /// <summary>Export side: a cell that a spreadsheet would read as a formula gets a leading apostrophe.</summary>
    public static string Neutralise(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        return text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }

    public static DateOnly? ParseDate(string raw, DateStyle style)
    {
        var s = raw.Trim();
        int y, m, d;
        if (DottedDate().Match(s) is { Success: true } dm) (d, m, y) = (Int(dm.Groups[1]), Int(dm.Groups[2]), Int(dm.Groups[3]));
        else if (IsoDate().Match(s) is { Success: true } im) (y, m, d) = (Int(im.Groups[1]), Int(im.Groups[2]), Int(im.Groups[3]));
        else if (SlashDate().Match(s) is { Success: true } sm)
        {
            var (a, b) = (Int(sm.Groups[1]), Int(sm.Groups[2]));
            y = Int(sm.Groups[3]);
            (m, d) = style == DateStyle.TagMonatJahrSchraeg ? (b, a) : (a, b);
        }
        else return null;
        if (y < 100) y += y > 50 ? 1900 : 2000;
        if (y is < 1 or > 9999 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return null;
        return new DateOnly(y, m, d);
    }

    public static long? ParseWhole(string raw, NumberStyle style)
    {
        var s = Clean(raw, stripKm: true);
        var thousands = style == NumberStyle.Deutsch ? '.' : ',';
        var dec = style == NumberStyle.Deutsch ? ',' : '.';
        // A reading like „123456,0“ or „123,456.0“: a zero fraction is allowed.
        var at = s.IndexOf(dec);
        if (at >= 0)
        {
            if (s[(at + 1)..].Any(c => c != '0') || at == s.Length - 1) return null;
            s = s[..at];
        }
        var groups = s.Split(thousands);
        if (groups.Length > 1 && (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3))) return null;
        var digits = string.Concat(groups);
        if (digits.Length is 0 or > 9 || !digits.All(char.IsAsciiDigit)) return null;
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    public static long? ParseCents(string raw, NumberStyle style)
    {
        var s = Clean(raw);
        var thousands = style == NumberStyle.Deutsch ? '.' : ',';
        var dec = style == NumberStyle.Deutsch ? ',' : '.';
        var fraction = "";
        var at = s.LastIndexOf(dec);
        if (at >= 0)
        {
            fraction = s[(at + 1)..];
            s = s[..at];
            if (fraction.Length is 0 or > 2 || !fraction.All(char.IsAsciiDigit)) return null;
        }
        var groups = s.Split(thousands);
        if (groups.Length > 1 && (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3))) return null;
        var digits = string.Concat(groups);
        if (digits.Length is 0 or > 10 || !digits.All(char.IsAsciiDigit)) return null;
        var euros = long.Parse(digits, CultureInfo.InvariantCulture);
        if (euros > 1_000_000_000) return null;
        return euros * 100 + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
    }

    public static EntryCategory? ParseCategory(string raw) => ImportColumns.Normalize(raw) switch
    {
        "inspektion" or "inspection" or "service" or "wartung" or "maintenance" => EntryCategory.Inspektion,
        "olwechsel" or "oelwechsel" or "oilchange" or "oil" => EntryCategory.Oelwechsel,
        "reparatur" or "repair" => EntryCategory.Reparatur,
        "reifen" or "reifenwechsel" or "tires" or "tyres" or "tire" or "tyre" or "tirechange" => EntryCategory.Reifen,
        "huau" or "hu" or "au" or "tuv" or "tuev" or "hauptuntersuchung" or "mot" or "safetyinspection" => EntryCategory.HuAu,
        "karosserie" or "bodywork" or "body" => EntryCategory.Karosserie,
        "umbau" or "upgrade" or "modification" or "tuning" => EntryCategory.Umbau,
        "pflege" or "care" or "cleaning" or "detailing" => EntryCategory.Pflege,
        "sonstiges" or "sonstige" or "other" or "misc" => EntryCategory.Sonstiges,
        _ => null,
    };

    /// <summary>LubeLogger has no type column: a known word in the description decides, otherwise Sonstiges.</summary>
    public static EntryCategory? CategoryFromText(string? text)
    {
        var t = ImportColumns.Normalize(text);
        if (t.Length == 0) return null;
        if (t.Contains("oil", StringComparison.Ordinal) || t.Contains("olwechsel", StringComparison.Ordinal) || t.Contains("oelwechsel", StringComparison.Ordinal)) return EntryCategory.Oelwechsel;
        if (t.Contains("tire", StringComparison.Ordinal) || t.Contains("tyre", StringComparison.Ordinal) || t.Contains("reifen", StringComparison.Ordinal)) return EntryCategory.Reifen;
        if (t.Contains("inspection", StringComparison.Ordinal) || t.Contains("inspektion", StringComparison.Ordinal)) return EntryCategory.Inspektion;
        if (t.Contains("repair", StringComparison.Ordinal) || t.Contains("reparatur", StringComparison.Ordinal)) return EntryCategory.Reparatur;
        return null;
    }

    public static BusinessType? ParsePerformedBy(string raw) => ImportColumns.Normalize(raw) switch
    {
        "fachwerkstatt" or "werkstatt" or "workshop" or "garage" or "specialistworkshop" or "mechanic" => BusinessType.Fachwerkstatt,
        "handler" or "haendler" or "dealer" => BusinessType.Haendler,
        "autohaus" or "dealership" or "cardealership" => BusinessType.Autohaus,
        "reifenservice" or "tireservice" or "tyreservice" => BusinessType.Reifenservice,
        "tuningfachbetrieb" or "tuning" or "tuningshop" => BusinessType.TuningFachbetrieb,
        "gesetzliches" or "gesetzlichestuvgutachtenwertgutachten" or "tuv" or "tuev" or "gutachten" or "wertgutachten" or "inspectionauthority" => BusinessType.Gesetzliches,
        "eigenleistung" or "selbst" or "diy" or "self" or "owner" or "doityourself" => BusinessType.Eigenleistung,
        "sonstiges" or "sonstige" or "other" => BusinessType.Sonstiges,
        _ => null,
    };

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    private static string Clean(string? cell, bool stripKm = false)
    {
        var s = (Text(cell) ?? "").Replace("€", "", StringComparison.Ordinal).Replace("EUR", "", StringComparison.OrdinalIgnoreCase)
            .Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (stripKm && s.EndsWith("km", StringComparison.OrdinalIgnoreCase)) s = s[..^2];
        return s;
    }

    [GeneratedRegex(@"^\d{1,3}(\.\d{3})+$")]
    private static partial Regex ThousandsOnly();

    [GeneratedRegex(@"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")]
    private static partial Regex DottedDate();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+Z?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})/(\d{4})(?: [0-9:]+(?: ?[AP]M)?)?$")]
    private static partial Regex SlashDate();
}
