using System.Globalization;
using System.Text;

namespace LifeTimeCircle.Domain.Imports;

public enum ImportField { Vin, Date, Type, PerformedBy, BusinessName, Odometer, Remark, Cost, TrustStatus, Description, Notes, Tags, Ignored }

/// <summary>
/// Which column is which (issue 18): header names in German and English, compared without case, accents, spaces
/// and punctuation („Ausgeführt von“ = „ausgefuehrt_von“ = „AUSGEFUHRT VON“). LubeLogger's service, repair and upgrade
/// record exports (Date, Odometer, Description, Notes, Cost, Tags, optional Id/VehicleId and extra fields) are
/// recognised by their header (docs/adr/0020-import-export.md).
/// </summary>
public sealed class ImportColumns
{
    private static readonly Dictionary<string, ImportField> Names = Build(new()
    {
        [ImportField.Vin] = ["vin", "fin", "fahrgestellnummer", "fahrzeugidentifikationsnummer", "fahrzeugidentnummer", "vehicleidentificationnumber", "chassisnumber"],
        [ImportField.Date] = ["datum", "date", "leistungsdatum", "servicedatum", "servicedate"],
        [ImportField.Type] = ["art", "typ", "type", "kategorie", "category", "eintragsart", "leistungsart", "servicetype"],
        [ImportField.PerformedBy] = ["ausgefuehrtvon", "ausgefuhrtvon", "durchgefuehrtvon", "durchgefuhrtvon", "performedby", "doneby", "servicedby"],
        [ImportField.BusinessName] = ["betrieb", "betriebsname", "werkstatt", "werkstattname", "workshop", "garage", "shop", "businessname"],
        [ImportField.Odometer] = ["kilometerstand", "kmstand", "km", "tachostand", "laufleistung", "odometer", "mileage", "odometerkm"],
        [ImportField.Remark] = ["bemerkung", "bemerkungen", "anmerkung", "anmerkungen", "kommentar", "remark", "remarks", "comment", "comments"],
        [ImportField.Cost] = ["kosten", "kosteneur", "betrag", "preis", "cost", "costs", "costeur", "amount", "price"],
        [ImportField.TrustStatus] = ["tstatus", "tstufe", "truststatus", "truststufe", "trust", "trustlevel"],
        [ImportField.Description] = ["description", "beschreibung"],
        [ImportField.Notes] = ["notes", "notizen", "notiz"],
        [ImportField.Tags] = ["tags", "schlagworte", "schlagwoerter"],
        [ImportField.Ignored] = ["id", "vehicleid", "importiert", "imported", "version", "revision", "nachtrag"],
    });

    private static Dictionary<string, ImportField> Build(Dictionary<ImportField, string[]> map) =>
        map.SelectMany(kv => kv.Value.Select(n => (n, kv.Key))).ToDictionary(x => x.n, x => x.Key);

    public static readonly ImportField[] Required = [ImportField.Date, ImportField.Type, ImportField.PerformedBy, ImportField.Odometer];

    private ImportColumns(IReadOnlyDictionary<ImportField, int> index, IReadOnlyList<string> unknown, bool lubeLogger)
    {
        Index = index;
        Unknown = unknown;
        LubeLogger = lubeLogger;
    }

    public IReadOnlyDictionary<ImportField, int> Index { get; }

    /// <summary>Header names we could not place (ignored; listed in the report).</summary>
    public IReadOnlyList<string> Unknown { get; }

    public bool LubeLogger { get; }

    public bool Has(ImportField f) => Index.ContainsKey(f);

    /// <summary>The columns of a header row, or a German message naming what is missing.</summary>
    public static (ImportColumns? Columns, string? Error) Match(IReadOnlyList<string> header)
    {
        var index = new Dictionary<ImportField, int>();
        var unknown = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var key = Normalize(header[i]);
            if (key.Length == 0) continue;
            if (Names.TryGetValue(key, out var field))
            {
                if (field == ImportField.Ignored) continue;
                if (!index.TryAdd(field, i)) return (null, $"Die Spalte „{Cut(header[i])}“ kommt zweimal vor. Bitte benennen Sie eine davon um.");
            }
            else unknown.Add(Cut(header[i]));
        }
        // LubeLogger: its record exports have Date, Odometer, Description, Notes, Cost (and Tags) but no type or
        // performed-by column; the type comes from the description, performed-by stays missing (a trust reason).
        var lube = index.ContainsKey(ImportField.Date) && index.ContainsKey(ImportField.Odometer) && index.ContainsKey(ImportField.Description)
            && index.ContainsKey(ImportField.Notes) && index.ContainsKey(ImportField.Cost) && !index.ContainsKey(ImportField.Type)
            && !index.ContainsKey(ImportField.PerformedBy);
        if (!lube)
        {
            var missing = Required.Where(f => !index.ContainsKey(f)).Select(Label).ToList();
            if (missing.Count > 0)
            {
                return (null, "In der Kopfzeile fehlt " + (missing.Count == 1 ? "die Pflichtspalte " : "die Pflichtspalten ") + string.Join(", ", missing.Select(m => $"„{m}“"))
                    + ". Erwartet werden Datum, Art, Ausgeführt von und Kilometerstand (deutsch oder englisch benannt).");
            }
        }
        return (new ImportColumns(index, unknown, lube), null);
    }

    public static string Label(ImportField f) => f switch
    {
        ImportField.Vin => "FIN",
        ImportField.Date => "Datum",
        ImportField.Type => "Art",
        ImportField.PerformedBy => "Ausgeführt von",
        ImportField.BusinessName => "Betrieb",
        ImportField.Odometer => "Kilometerstand",
        ImportField.Remark => "Bemerkung",
        ImportField.Cost => "Kosten",
        ImportField.TrustStatus => "T-Status",
        ImportField.Description => "Beschreibung",
        ImportField.Notes => "Notizen",
        ImportField.Tags => "Tags",
        _ => f.ToString(),
    };

    /// <summary>Lower case, accents removed (ä → a, also „ae“ spellings are listed), ß → ss, letters and digits only.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Trim().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static string Cut(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
