using System.Globalization;
using System.Text;

namespace LifeTimeCircle.Domain.Imports;

public enum ImportField { Vin, Date, Type, PerformedBy, BusinessName, Odometer, Remark, Cost, TrustStatus, Description, Notes, Tags, Make, Model, Ignored }

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
        [ImportField.Make] = ["marke", "hersteller", "fahrzeugmarke", "make", "manufacturer", "brand"],
        [ImportField.Model] = ["modell", "fahrzeugmodell", "model"],
        [ImportField.Ignored] = ["id", "vehicleid", "importiert", "imported", "version", "revision", "nachtrag"],
    });

    private static Dictionary<string, ImportField> Build(Dictionary<ImportField, string[]> map) =>
        map.SelectMany(kv => kv.Value.Select(n => (n, kv.Key))).ToDictionary(x => x.n, x => x.Key);

    public const int MaxColumns = 100;

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

    /// <summary>What the owner can choose for a column in the mapping step (plus „nicht übernehmen“ = Ignored).</summary>
    public static readonly ImportField[] Choosable =
        [ImportField.Date, ImportField.Type, ImportField.PerformedBy, ImportField.Odometer, ImportField.BusinessName, ImportField.Remark, ImportField.Cost, ImportField.Vin, ImportField.TrustStatus];

    /// <summary>The field a header name stands for: the owner's own choice first (the mapping step), then the known names.</summary>
    public static ImportField? FieldOf(string? header, IReadOnlyDictionary<string, ImportField>? chosen = null)
    {
        var key = Normalize(header);
        if (key.Length == 0) return null;
        if (chosen is not null && chosen.TryGetValue(Key(header), out var own)) return own;
        return Names.TryGetValue(key, out var known) ? known : null;
    }

    /// <summary>
    /// The columns of a header row, or a German message; <c>Missing</c> is true when only required columns were not
    /// recognised — then the owner can say which column is which (the mapping step) instead of editing the file.
    /// </summary>
    /// <summary>Required in a multi-vehicle file („Fahrzeuge und Einträge importieren“): the FIN decides the vehicle.</summary>
    public static readonly ImportField[] RequiredMulti = [ImportField.Vin, .. Required];

    /// <summary>Also choosable in a multi-vehicle file: make and model of a vehicle the import creates.</summary>
    public static readonly ImportField[] ChoosableMulti = [.. Choosable, ImportField.Make, ImportField.Model];

    public static (ImportColumns? Columns, string? Error, bool Missing) Match(IReadOnlyList<string> header, IReadOnlyDictionary<string, ImportField>? chosen = null, bool multi = false)
    {
        var index = new Dictionary<ImportField, int>();
        var unknown = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            if (FieldOf(header[i], chosen) is not { } field)
            {
                if (Normalize(header[i]).Length > 0) unknown.Add(Cut(header[i]));
                continue;
            }
            if (field == ImportField.Ignored) continue;
            if (!index.TryAdd(field, i)) return (null, $"Die Spalte „{Cut(header[i])}“ ({Label(field)}) kommt zweimal vor. Bitte benennen Sie eine davon um.", false);
        }
        // LubeLogger: its record exports have Date, Odometer, Description, Notes, Cost (and Tags) but no type or
        // performed-by column; the type comes from the description, performed-by stays missing (a trust reason).
        var lube = index.ContainsKey(ImportField.Date) && index.ContainsKey(ImportField.Odometer) && index.ContainsKey(ImportField.Description)
            && index.ContainsKey(ImportField.Notes) && index.ContainsKey(ImportField.Cost) && !index.ContainsKey(ImportField.Type)
            && !index.ContainsKey(ImportField.PerformedBy);
        if (!lube || (multi && !index.ContainsKey(ImportField.Vin)))
        {
            var missing = (multi ? RequiredMulti : Required).Where(f => !index.ContainsKey(f) && !(lube && f != ImportField.Vin)).Select(Label).ToList();
            if (missing.Count > 0)
            {
                return (null, "In der Kopfzeile fehlt " + (missing.Count == 1 ? "die Pflichtspalte " : "die Pflichtspalten ") + string.Join(", ", missing.Select(m => $"„{m}“"))
                    + (multi ? ". Erwartet werden FIN, Datum, Art, Ausgeführt von und Kilometerstand (deutsch oder englisch benannt)."
                        : ". Erwartet werden Datum, Art, Ausgeführt von und Kilometerstand (deutsch oder englisch benannt)."), true);
            }
        }
        return (new ImportColumns(index, unknown, lube), null, false);
    }

    /// <summary>
    /// The owner's answer of the mapping step checked: every required field once, no field twice (errors by column
    /// index, -1 for the whole form); the choices per normalised header name when it is right.
    /// </summary>
    public static (Dictionary<string, ImportField>? Choices, List<(int Column, string Message)> Errors) Choose(IReadOnlyList<string> headers, IReadOnlyList<ImportField?> fields, bool multi = false)
    {
        var choosable = multi ? ChoosableMulti : Choosable;
        var errors = new List<(int, string)>();
        var taken = new Dictionary<ImportField, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (i >= fields.Count || fields[i] is not { } f || (f != ImportField.Ignored && !choosable.Contains(f)))
            {
                errors.Add((i, $"Bitte wählen Sie für die Spalte „{Cut(headers[i])}“ einen Eintrag aus der Liste."));
                continue;
            }
            if (f == ImportField.Ignored) continue;
            if (Key(headers[i]).Length == 0)
            {
                errors.Add((i, $"Die {i + 1}. Spalte hat keine Überschrift und kann nur „nicht übernehmen“ werden. Bitte geben Sie ihr in der Datei eine Überschrift."));
                continue;
            }
            if (!taken.TryAdd(f, i)) errors.Add((i, $"„{Label(f)}“ ist schon der Spalte „{Cut(headers[taken[f]])}“ zugeordnet. Jede Angabe passt nur zu einer Spalte."));
        }
        var missing = (multi ? RequiredMulti : Required).Where(f => !taken.ContainsKey(f)).Select(f => $"„{Label(f)}“").ToList();
        if (missing.Count > 0) errors.Add((-1, "Bitte ordnen Sie " + string.Join(", ", missing) + " je einer Spalte zu. Diese Angaben braucht jeder Eintrag."));
        if (errors.Count > 0) return (null, errors);
        var choices = new Dictionary<string, ImportField>();
        for (var i = 0; i < headers.Count; i++)
        {
            var key = Key(headers[i]);
            if (key.Length > 0 && fields[i] is { } f) choices[key] = f;
        }
        return (choices, errors);
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
        ImportField.Make => "Marke",
        ImportField.Model => "Modell",
        ImportField.Ignored => "nicht übernehmen",
        _ => f.ToString(),
    };

    /// <summary>How a header name is remembered: normalised, at most <see cref="ImportColumnChoice.MaxNameLength"/> characters.</summary>
    public static string Key(string? header)
    {
        var key = Normalize(header);
        return key.Length > ImportColumnChoice.MaxNameLength ? key[..ImportColumnChoice.MaxNameLength] : key;
    }

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

    public static string Cut(string s) => s.Length > 60 ? s[..60] + "…" : s;
}

/// <summary>
/// The owner's answer of the mapping step, remembered per account (issue 18): a header name (normalised, see
/// <see cref="ImportColumns.Normalize"/>) and the field it stands for in this owner's files.
/// </summary>
public sealed class ImportColumnChoice
{
    public const int MaxNameLength = 100;

    private ImportColumnChoice() { }

    public ImportColumnChoice(string ownerId, string name, ImportField field, DateTimeOffset now)
    {
        OwnerId = ownerId;
        Name = name.Length > MaxNameLength ? name[..MaxNameLength] : name;
        Field = field;
        ChosenAt = now;
    }

    public long Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public ImportField Field { get; private set; }
    public DateTimeOffset ChosenAt { get; private set; }

    public void Choose(ImportField field, DateTimeOffset now)
    {
        Field = field;
        ChosenAt = now;
    }
}

/// <summary>The choices a run was checked with, stored on the run as JSON so that the import reads the file the same way.</summary>
public static class ImportColumnMap
{
    public static string? Serialize(IReadOnlyDictionary<string, ImportField> map) =>
        map.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(map.ToDictionary(kv => kv.Key, kv => kv.Value.ToString()));

    public static IReadOnlyDictionary<string, ImportField> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return new Dictionary<string, ImportField>();
        var raw = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        return raw.Where(kv => Enum.TryParse<ImportField>(kv.Value, out _)).ToDictionary(kv => kv.Key, kv => Enum.Parse<ImportField>(kv.Value));
    }

    public static string SerializeHeaders(IReadOnlyList<string> headers) =>
        System.Text.Json.JsonSerializer.Serialize(headers.Take(ImportColumns.MaxColumns).Select(ImportColumns.Cut).ToList());

    public static IReadOnlyList<string> ParseHeaders(string? json) =>
        string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [];
}
