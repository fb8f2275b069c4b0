using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Infrastructure.Exports;

namespace LifeTimeCircle.Cli;

/// <summary>
/// <c>pdf-examples [--out DIR] [--no-images]</c>: renders every export PDF from sample content (a typical vehicle: 18
/// entries, 6 evidence documents) with the real layout code, and each page as PNG with Debian's <c>pdftoppm</c>
/// (poppler-utils), into <c>docs/examples</c> by default. The images in docs/ are made by this command, not by hand.
/// </summary>
public static class PdfExamples
{
    public static readonly DateTimeOffset Issued = new(2026, 12, 3, 9, 30, 0, TimeSpan.Zero);

    public static PdfVehicle Vehicle => new("Volkswagen", "Golf", 2015, "Pkw", "Benzin · Frontantrieb", "WVW***4711", "unfallfrei");

    public const string MiniCheckUrl = "https://lifetimecircle.example/q/beispiel-7Hq2Zx9LmP4sVt3K";

    public static string Sha(int n) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Beispiel-Nachweis " + n)));

    /// <summary>The certificate of a vehicle with the given number of evidence documents (the layout depends on nothing else that grows).</summary>
    public static CertificatePdf Certificate(int evidence = 6, IReadOnlyList<string>? reasons = null) => new(
        Vehicle, TrustLight.Gelb, TrustEngine.PublicEvidenceIncomplete.Hint,
        reasons ?? [TrustEngine.DocumentQuarantined.Hint],
        [
            new("T3 – mit geprüftem Nachweis", 6, new DateOnly(2016, 4, 12), new DateOnly(2026, 9, 30), 148_950),
            new("T2 – Serviceheft vorhanden", 0, null, null, null),
            new("T1 – Eigenangabe", 12, new DateOnly(2015, 11, 2), new DateOnly(2026, 11, 18), 151_200),
        ],
        new("Gesamt", 18, new DateOnly(2015, 11, 2), new DateOnly(2026, 11, 18), 151_200),
        Enumerable.Range(1, evidence).Select(i => new PdfEvidence(Issued.AddDays(-7 * (evidence - i) - 3), DocumentTexts.Kind(i % 3 == 0 ? DocumentKind.ServiceheftSeite : i % 3 == 1 ? DocumentKind.Rechnung : DocumentKind.Gutachten), Sha(i))).ToList(),
        MiniCheckUrl, "https://lifetimecircle.example/Zertifikat", "K7QM-3XWD-9P", Issued, Issued.AddDays(90));

    public static MaintenancePdf Maintenance() => new(Vehicle,
        [
            new("Inspektion", new DateOnly(2026, 9, 30), 148_950, "Fachwerkstatt", "T3", false),
            new("Ölwechsel", new DateOnly(2026, 11, 18), 151_200, "Eigenleistung", "T1", false),
            new("Reifen", new DateOnly(2026, 10, 21), 150_100, "Reifenservice", "T1", false),
            new("HU/AU", new DateOnly(2025, 3, 14), 131_400, "Prüforganisation", "T3", true),
        ], 18,
        [
            new("HU/AU", "Bald fällig", "fällig in 3 Monaten", "wiederkehrend: alle 24 Monate"),
            new("Zahnriemen", "Geplant", "fällig bei 180.000 km", null),
            new("Ölwechsel", "Geplant", "fällig am 18.11.2027 oder bei 166.200 km", "wiederkehrend: alle 12 Monate oder alle 15.000 km"),
        ], Issued, Issued.AddDays(30));

    public static ListingPdf Listing() => new("Volkswagen", "Golf", 2015, TrustLight.Gelb, TrustEngine.PublicEvidenceIncomplete.Hint, MiniCheckUrl,
        [
            "Volkswagen Golf, Baujahr 2015",
            $"LifeTimeCircle Trust-Ampel: Gelb – {TrustEngine.PublicEvidenceIncomplete.Hint}",
            $"Dokumentation online prüfen (Mini-Check): {MiniCheckUrl}",
            TrustEngine.Disclaimer,
        ], Issued, Issued.AddDays(30));

    public static StickerPdf Stickers() => new("Volkswagen", "Golf", MiniCheckUrl, Issued);

    /// <summary>Every export type's PDF as (file name, bytes).</summary>
    public static IEnumerable<(string Name, byte[] Pdf)> All()
    {
        yield return ("trust-zertifikat", Render(s => ExportPdfs.Certificate(Certificate(), s)));
        yield return ("wartungsstand", Render(s => ExportPdfs.Maintenance(Maintenance(), s)));
        yield return ("inserat", Render(s => ExportPdfs.Listing(Listing(), s)));
        yield return ("qr-aufkleber", Render(s => ExportPdfs.Stickers(Stickers(), s)));
    }

    public static byte[] Render(Action<Stream> write)
    {
        using var output = new MemoryStream();
        write(output);
        return output.ToArray();
    }

    public static int Run(string[] args)
    {
        var index = Array.IndexOf(args, "--out");
        var dir = index >= 0 && index + 1 < args.Length ? args[index + 1] : Path.Combine("docs", "examples");
        var images = !args.Contains("--no-images");
        Directory.CreateDirectory(dir);
        foreach (var (name, pdf) in All())
        {
            var file = Path.Combine(dir, name + ".pdf");
            File.WriteAllBytes(file, pdf);
            Console.WriteLine($"{file} ({pdf.Length:N0} Bytes)");
            if (!images) continue;
            // pdftoppm names the pages PREFIX-1.png, PREFIX-2.png …; 60 dpi keeps the images small and readable.
            var start = new ProcessStartInfo("pdftoppm", $"-png -r 60 \"{file}\" \"{Path.Combine(dir, name)}\"") { UseShellExecute = false };
            try
            {
                using var process = Process.Start(start)!;
                process.WaitForExit();
                if (process.ExitCode != 0) return Fail($"pdftoppm endete mit {process.ExitCode}.");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return Fail("pdftoppm fehlt: sudo apt-get install -y poppler-utils (oder --no-images).");
            }
        }
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
