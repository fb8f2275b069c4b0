namespace LifeTimeCircle.Infrastructure.Imports;

/// <summary>Limits of spreadsheet imports (docs/configuration.md), validated at start.</summary>
public sealed class ImportOptions : ILtcOptions
{
    public const int DefaultMaxRows = 10_000;
    public const long DefaultMaxBytes = 5 * 1024 * 1024;

    /// <summary>LTC_IMPORT_MAX_ROWS: data rows per file (the header not counted).</summary>
    public int MaxRows { get; set; } = DefaultMaxRows;

    /// <summary>LTC_IMPORT_MAX_BYTES: size of one file; stays below the upload body limit (LTC_UPLOAD_MAX_BYTES + 1 MiB).</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    public void Read(LtcVariables v)
    {
        MaxRows = v.Number("LTC_IMPORT_MAX_ROWS", DefaultMaxRows, 1, 1_000_000);
        MaxBytes = v.BigNumber("LTC_IMPORT_MAX_BYTES", DefaultMaxBytes, 1024, 1L << 30);
    }
}
