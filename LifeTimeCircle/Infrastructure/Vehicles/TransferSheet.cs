using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Infrastructure.Vehicles;

/// <summary>
/// The printable hand-over sheet as PDF, rendered on request from the code the seller's browser still holds
/// (ADR 0009: the code is never stored, so no queued export job could produce it later). Same PDF writer,
/// fonts and tagging as the export service.
/// </summary>
public static class TransferSheet
{
    public static byte[] Pdf(string vehicle, string vinMasked, string formattedCode, string qrUrl, string redeemPage, DateTimeOffset expiresAt)
    {
        using var pdf = new PdfWriter($"Übergabe {vehicle}", "LifeTimeCircle · Übergabeblatt", "Übergabeblatt");
        pdf.Heading1("Übergabe der Fahrzeugakte");
        pdf.Paragraph($"{vehicle} · FIN {vinMasked}", bold: true);
        pdf.Field("Übergabe-Code", formattedCode);
        pdf.Field("Gültig bis", Display.DateTime(expiresAt));
        pdf.QrCode(qrUrl, 180, "QR-Code zur Übernahme-Seite mit dem Übergabe-Code");
        pdf.Heading2("So übernehmen Sie die Akte");
        pdf.Paragraph($"1. Öffnen Sie {redeemPage} oder scannen Sie den QR-Code.");
        pdf.Paragraph("2. Melden Sie sich an oder registrieren Sie sich kostenlos.");
        pdf.Paragraph("3. Geben Sie den Übergabe-Code ein, prüfen Sie Fahrzeug und Trust-Ampel und bestätigen Sie die Übernahme.");
        pdf.Rule();
        pdf.Small("Der Code ist nur einmal verwendbar. Geben Sie dieses Blatt nur der Person, die das Fahrzeug übernimmt. Im kostenlosen Tarif ist ein Fahrzeug enthalten.");
        using var output = new MemoryStream();
        pdf.Save(output);
        return output.ToArray();
    }
}
