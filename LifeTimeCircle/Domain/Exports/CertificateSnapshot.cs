using LifeTimeCircle.Domain.Trust;

namespace LifeTimeCircle.Domain.Exports;

/// <summary>
/// What a Trust-Zertifikat PDF states, as the content writer computed it while writing the file. The SHA-256 of the
/// file is known only afterwards; <see cref="CertificateSnapshot"/> joins both.
/// </summary>
public sealed record CertificateFacts(
    TrustLight Light, string PublicHint, IReadOnlyList<string> ReasonCodes, int EntriesT1, int EntriesT2, int EntriesT3,
    string Make, string Model, int? BuildYear, string VinMasked, DateTimeOffset IssuedAt, DateTimeOffset ValidUntil);

/// <summary>
/// The certified state of a vehicle on the day a Trust-Zertifikat was issued, saved together with the job's success
/// and shown by the public check <c>/Zertifikat</c>: the light, its public hint and reason codes, entry counts by
/// T-level, make/model, build year, masked VIN, issue date, validity end and the PDF file's SHA-256. Anyone holding
/// the PDF can compare its content and hash; later changes to the vehicle do not touch it. No owner data, never the
/// full VIN.
/// </summary>
public sealed class CertificateSnapshot
{
    private CertificateSnapshot() { }

    public CertificateSnapshot(long exportJobId, CertificateFacts facts, string pdfSha256)
    {
        if (pdfSha256.Length != 64) throw new ArgumentException("SHA-256 als 64 Hex-Zeichen erwartet.", nameof(pdfSha256));
        ExportJobId = exportJobId;
        Light = facts.Light;
        PublicHint = facts.PublicHint;
        ReasonCodes = string.Join(' ', facts.ReasonCodes);
        EntriesT1 = facts.EntriesT1;
        EntriesT2 = facts.EntriesT2;
        EntriesT3 = facts.EntriesT3;
        Make = facts.Make;
        Model = facts.Model;
        BuildYear = facts.BuildYear;
        VinMasked = facts.VinMasked;
        IssuedAt = facts.IssuedAt;
        ValidUntil = facts.ValidUntil;
        PdfSha256 = pdfSha256;
    }

    public long Id { get; private set; }
    public long ExportJobId { get; private set; }
    public TrustLight Light { get; private set; }
    public string PublicHint { get; private set; } = "";
    /// <summary>The reason codes in the engine's order (priority, then code), separated by spaces (codes contain none).</summary>
    public string ReasonCodes { get; private set; } = "";
    public int EntriesT1 { get; private set; }
    public int EntriesT2 { get; private set; }
    public int EntriesT3 { get; private set; }
    public string Make { get; private set; } = "";
    public string Model { get; private set; } = "";
    public int? BuildYear { get; private set; }
    public string VinMasked { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ValidUntil { get; private set; }
    public string PdfSha256 { get; private set; } = "";

    public IReadOnlyList<string> Reasons => ReasonCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
