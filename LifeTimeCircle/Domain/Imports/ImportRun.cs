using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Imports;

public enum ImportStatus { Pruefung, Zuordnung, Geprueft, Abgelehnt, Import, Importiert, Fehlgeschlagen, Rueckgaengig, Verfallen }

public enum OdometerUnit { Km, Meilen }

/// <summary>How a file was read: the detected format, shown to the owner before the import is confirmed.</summary>
public sealed record ImportFormat(string Encoding, char Delimiter, NumberStyle Numbers, DateStyle Dates, bool LubeLogger);

public enum NumberStyle { Deutsch, Englisch }

/// <summary>Date shapes: dotted and ISO dates are unambiguous; slashed dates need a per-file decision.</summary>
public enum DateStyle { TagMonatJahr, Iso, MonatTagJahr, TagMonatJahrSchraeg }

/// <summary>
/// One upload of a spreadsheet into a vehicle (issue 18): checked first (dry run, per-row report), imported after the
/// owner confirmed. The file lives in the data directory under <see cref="FileKey"/> until the import ran.
/// </summary>
public sealed class ImportRun
{
    private ImportRun() { }

    /// <param name="vehicleId">The vehicle the rows go to, or null for a multi-vehicle run („Fahrzeuge und Einträge
    /// importieren“): rows are grouped by their FIN, see <see cref="ImportGroup"/>.</param>
    public ImportRun(string ownerId, long? vehicleId, string fileKey, long size, OdometerUnit unit, DateTimeOffset now)
    {
        PublicId = PublicIds.New();
        OwnerId = ownerId;
        VehicleId = vehicleId;
        FileKey = fileKey;
        Size = size;
        Unit = unit;
        Status = ImportStatus.Pruefung;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public string OwnerId { get; private set; } = "";
    public long? VehicleId { get; private set; }

    /// <summary>Several vehicles from one file, grouped by the FIN column (required then).</summary>
    public bool MultiVehicle => VehicleId is null;

    /// <summary>Multi-vehicle runs: how many new vehicles the plan still allowed at the check (null = no limit).</summary>
    public int? PlanRemaining { get; private set; }

    public string? FileKey { get; private set; }
    public long Size { get; private set; }
    public OdometerUnit Unit { get; private set; }
    public ImportStatus Status { get; private set; }
    /// <summary>Our own German text when the file as a whole was refused (never a library's message).</summary>
    public string? Failure { get; private set; }
    public string? FormatEncoding { get; private set; }
    public string? FormatDelimiter { get; private set; }
    public NumberStyle? FormatNumbers { get; private set; }
    public DateStyle? FormatDates { get; private set; }
    public bool LubeLogger { get; private set; }
    public int TotalRows { get; private set; }
    public int ProcessedRows { get; private set; }
    public int GoodRows { get; private set; }
    public int ErrorRows { get; private set; }
    public int DuplicateRows { get; private set; }
    public int ImportedRows { get; private set; }
    /// <summary>The header names of a file whose required columns were not recognised (JSON list; the mapping step shows them).</summary>
    public string? Headers { get; private set; }
    /// <summary>The owner's column choices this run is read with (JSON, <see cref="ImportColumnMap"/>).</summary>
    public string? ColumnMap { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CheckedAt { get; private set; }
    public DateTimeOffset? ImportedAt { get; private set; }

    public bool IsRunning => Status is ImportStatus.Pruefung or ImportStatus.Import;

    public void Checked(ImportFormat format, int total, int good, int errors, int duplicates, DateTimeOffset now, int? planRemaining = null)
    {
        PlanRemaining = planRemaining;
        FormatEncoding = format.Encoding;
        FormatDelimiter = format.Delimiter switch { '\0' => null, '\t' => "Tab", var d => d.ToString() };
        FormatNumbers = format.Numbers;
        FormatDates = format.Dates;
        LubeLogger = format.LubeLogger;
        TotalRows = total;
        ProcessedRows = total;
        GoodRows = good;
        ErrorRows = errors;
        DuplicateRows = duplicates;
        Status = ImportStatus.Geprueft;
        CheckedAt = now;
    }

    /// <summary>Read with the owner's remembered choices from the start (set at upload).</summary>
    public void UseColumns(IReadOnlyDictionary<string, ImportField> map) => ColumnMap = ImportColumnMap.Serialize(map);

    /// <summary>Required columns were not recognised: the file is kept and the owner says which column is which.</summary>
    public void NeedsMapping(IReadOnlyList<string> headers, string message, DateTimeOffset now)
    {
        Headers = ImportColumnMap.SerializeHeaders(headers);
        Failure = message.Length > 400 ? message[..400] : message;
        Status = ImportStatus.Zuordnung;
        CheckedAt = now;
    }

    /// <summary>The owner's answer: check the file again with these choices.</summary>
    public void Mapped(IReadOnlyDictionary<string, ImportField> map)
    {
        if (Status != ImportStatus.Zuordnung) throw new DomainException("Die Spalten dieses Imports sind bereits zugeordnet.");
        ColumnMap = ImportColumnMap.Serialize(map);
        Failure = null;
        Status = ImportStatus.Pruefung;
    }

    /// <summary>A checked (or mapping) run waits this long for the owner; then its file is deleted.</summary>
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromDays(7);

    /// <summary>What the run page says when the file went unconfirmed (set by the clean-up job's conditional update).</summary>
    public const string ExpiredMessage = "Die Datei wurde nach 7 Tagen ohne Bestätigung gelöscht. Wenn Sie sie importieren möchten, laden Sie sie bitte erneut hoch.";

    public void Refuse(string message, DateTimeOffset now)
    {
        Failure = message;
        Status = ImportStatus.Abgelehnt;
        CheckedAt = now;
        FileKey = null;
    }

    /// <summary>The first pass counted the data rows: the progress bar has its end.</summary>
    public void Counted(int total)
    {
        TotalRows = total;
        ProcessedRows = 0;
    }

    public void Progress(int processed) => ProcessedRows = processed;

    public void Done(int imported, int duplicates, DateTimeOffset now)
    {
        ImportedRows = imported;
        DuplicateRows = duplicates;
        ProcessedRows = TotalRows;
        Status = ImportStatus.Importiert;
        ImportedAt = now;
        FileKey = null;
    }

    /// <summary>An import can be undone as a whole for this long after it finished.</summary>
    public static readonly TimeSpan UndoWindow = TimeSpan.FromDays(7);

    public DateTimeOffset? UndoneAt { get; private set; }

    public bool CanUndo(DateTimeOffset now) => Status == ImportStatus.Importiert && ImportedAt is { } at && now - at <= UndoWindow;

    public void Undo(DateTimeOffset now)
    {
        if (!CanUndo(now)) throw new DomainException("Dieser Import kann nicht mehr rückgängig gemacht werden (nur innerhalb von 7 Tagen).");
        Status = ImportStatus.Rueckgaengig;
        UndoneAt = now;
    }

    public void Fail(string message, DateTimeOffset now)
    {
        Failure = message;
        Status = ImportStatus.Fehlgeschlagen;
        ImportedAt = now;
        FileKey = null;
    }
}

/// <summary>What a multi-vehicle import does with the rows of one FIN.</summary>
public enum GroupOutcome { Eigenes, Neu, Abgelehnt, Tarif, Leer }

/// <summary>
/// One FIN of a multi-vehicle run (issue 18): whether its rows go to one of the owner's vehicles, to a new vehicle, or
/// are refused (and why, in the words of the „Fahrzeug hinzufügen“ form). Written by the check and rewritten by the
/// import; <see cref="Created"/> marks a vehicle this run created, which its undo removes again.
/// </summary>
public sealed class ImportGroup
{
    public const int MaxMessageLength = 300;

    private ImportGroup() { }

    public ImportGroup(long importRunId, int firstRow, string vinMasked, GroupOutcome outcome, string? message, string? make, string? model,
        int rows, int goodRows, long? vehicleId)
    {
        ImportRunId = importRunId;
        FirstRow = firstRow;
        VinMasked = vinMasked;
        Outcome = outcome;
        Message = message is { Length: > MaxMessageLength } ? message[..MaxMessageLength] : message;
        Make = Cut(make);
        Model = Cut(model);
        Rows = rows;
        GoodRows = goodRows;
        VehicleId = vehicleId;
    }

    public long Id { get; private set; }
    public long ImportRunId { get; private set; }
    public int FirstRow { get; private set; }
    public string VinMasked { get; private set; } = "";
    public GroupOutcome Outcome { get; private set; }
    public string? Message { get; private set; }
    public string? Make { get; private set; }
    public string? Model { get; private set; }
    public int Rows { get; private set; }
    public int GoodRows { get; private set; }
    public int ImportedRows { get; private set; }
    public long? VehicleId { get; private set; }

    /// <summary>This run created the vehicle (its undo removes it when nothing else was added to it).</summary>
    public bool Created { get; private set; }

    public void CreatedVehicle(long vehicleId)
    {
        VehicleId = vehicleId;
        Created = true;
        Outcome = GroupOutcome.Neu;
    }

    public void Refused(GroupOutcome outcome, string message)
    {
        Outcome = outcome;
        Message = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message;
    }

    public void Imported(int rows) => ImportedRows += rows;

    private static string? Cut(string? s) => s is { Length: > 60 } ? s[..60] : s;
}

public enum IssueSeverity { Fehler, Duplikat, Hinweis }

/// <summary>One line of the dry-run report: row number (as in a spreadsheet, header = 1), what is wrong, the value.</summary>
public sealed class ImportIssue
{
    public const int MaxValueLength = 200;

    private ImportIssue() { }

    public ImportIssue(long importRunId, int row, IssueSeverity severity, string column, string message, string? value)
    {
        ImportRunId = importRunId;
        Row = row;
        Severity = severity;
        Column = column;
        Message = message;
        Value = value is null ? null : value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value;
    }

    public long Id { get; private set; }
    public long ImportRunId { get; private set; }
    public int Row { get; private set; }
    public IssueSeverity Severity { get; private set; }
    public string Column { get; private set; } = "";
    public string Message { get; private set; } = "";
    public string? Value { get; private set; }
}
