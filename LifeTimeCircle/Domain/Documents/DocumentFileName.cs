using System.Globalization;
using System.Text;

namespace LifeTimeCircle.Domain.Documents;

/// <summary>
/// The name a document is shown and downloaded under. Uploaded names are the sender's text: bidi overrides turn
/// „rechnung‮fdp.exe“ into something that reads „rechnungexe.pdf“, and the extension can claim a type the content is
/// not. Stored names keep the readable part, lose control and formatting characters, and end in the extension of the
/// sniffed type.
/// </summary>
public static class DocumentFileName
{
    public const int MaxBaseLength = 100;

    public static string ExtensionFor(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        _ => ".bin",
    };

    public static string Normalize(string? uploadedName, string contentType)
    {
        var name = (uploadedName ?? "").Normalize(NormalizationForm.FormC);
        // Browsers may send a full path (old IE, some Android pickers): only the last segment is the name.
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }
            clean.Append(c is '"' or '<' or '>' or '|' or ':' or '*' or '?' ? '_' : c);
        }
        var text = clean.ToString().Trim().Trim('.').Trim();
        var dot = text.LastIndexOf('.');
        var baseName = (dot > 0 ? text[..dot] : text).TrimEnd('.', ' ');
        if (baseName.Length > MaxBaseLength) baseName = baseName[..MaxBaseLength].TrimEnd();
        if (baseName.Length == 0) baseName = "Dokument";
        return baseName + ExtensionFor(contentType);
    }
}
