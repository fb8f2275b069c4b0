using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;

namespace LifeTimeCircle.Infrastructure.Legal;

public sealed record LegalDocument(LegalDocumentType Type, string Version, string Title, IReadOnlyList<LegalBlock> Blocks);

public sealed record LegalBlock(bool IsHeading, string Text);

/// <summary>The operator texts without versions or consent (issue 19 item 7): one file each in the legal folder.</summary>
public enum OperatorText { Impressum, Zahlung, Faq }

/// <summary>
/// The operator's texts. Versioned AGB and Datenschutz (<c>{agb,datenschutz}/vN.md</c>; the highest version present is
/// the current one, a new version asks everyone for consent again) and the plain texts <c>impressum.md</c>,
/// <c>zahlung.md</c> (how to pay, on „Tarife“) and <c>faq.md</c>. Each is read from the operator's folder
/// <c>LTC_LEGAL_DIR</c> when it has it, else from the shipped folder <c>&lt;app&gt;/Legal</c>; read once at start
/// (publishing = replacing the file and restarting, no build). The shipped Impressum is a placeholder that says so;
/// <see cref="ImpressumIsShipped"/> feeds the health check <c>rechtstexte</c>. See docs/operations.md.
/// </summary>
public sealed partial class LegalDocuments
{
    private readonly Dictionary<LegalDocumentType, LegalDocument> _current = [];
    private readonly Dictionary<OperatorText, LegalDocument> _texts = [];

    /// <summary>The Impressum in use is the shipped placeholder (no file of the operator's, or an unchanged copy of it).</summary>
    public bool ImpressumIsShipped { get; }

    public LegalDocuments(string shippedDirectory, string? operatorDirectory = null)
    {
        foreach (var type in Enum.GetValues<LegalDocumentType>())
        {
            var folder = Path.Combine(shippedDirectory, type.ToString().ToLowerInvariant());
            var own = operatorDirectory is null ? null : Path.Combine(operatorDirectory, type.ToString().ToLowerInvariant());
            if (own is not null && Directory.Exists(own) && Directory.GetFiles(own, "v*.md").Any(f => VersionNumber(Path.GetFileNameWithoutExtension(f)) > 0))
            {
                folder = own;
            }
            var newest = Directory.Exists(folder)
                ? Directory.GetFiles(folder, "v*.md")
                    .Select(f => (File: f, Number: VersionNumber(Path.GetFileNameWithoutExtension(f))))
                    .Where(x => x.Number > 0)
                    .OrderByDescending(x => x.Number)
                    .FirstOrDefault()
                : default;
            if (newest.File is null)
            {
                throw new InvalidOperationException($"Kein Rechtstext für {type} in {folder} gefunden (erwartet v1.md …).");
            }
            _current[type] = Parse(type, "v" + newest.Number, File.ReadAllLines(newest.File));
        }
        foreach (var text in Enum.GetValues<OperatorText>())
        {
            var name = text.ToString().ToLowerInvariant() + ".md";
            var shipped = Path.Combine(shippedDirectory, name);
            var own = operatorDirectory is null ? null : Path.Combine(operatorDirectory, name);
            var file = own is not null && File.Exists(own) ? own : shipped;
            if (!File.Exists(file)) throw new InvalidOperationException($"Kein Text {name} in {shippedDirectory} gefunden.");
            var lines = File.ReadAllLines(file);
            _texts[text] = Parse(LegalDocumentType.Agb, "", lines) with { Title = Title(lines, text) };
            if (text == OperatorText.Impressum)
            {
                ImpressumIsShipped = file == shipped || (File.Exists(shipped) && File.ReadAllText(file).Trim() == File.ReadAllText(shipped).Trim());
            }
        }
    }

    public LegalDocument Current(LegalDocumentType type) => _current[type];

    /// <summary>An operator text (Impressum, payment, FAQ): title and blocks; its <c>Type</c> and <c>Version</c> mean nothing.</summary>
    public LegalDocument Text(OperatorText text) => _texts[text];

    private static string Title(string[] lines, OperatorText text) =>
        lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? text switch
        {
            OperatorText.Impressum => "Impressum",
            OperatorText.Zahlung => "Bezahlung",
            _ => "Häufige Fragen",
        };

    public IReadOnlyList<LegalDocument> All => [.. _current.Values];

    private static int VersionNumber(string name) =>
        VersionPattern().Match(name) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static LegalDocument Parse(LegalDocumentType type, string version, string[] lines)
    {
        var title = type.ToString();
        var blocks = new List<LegalBlock>();
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0) blocks.Add(new LegalBlock(false, string.Join(' ', paragraph)));
            paragraph.Clear();
        }
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("# ", StringComparison.Ordinal)) { Flush(); title = line[2..].Trim(); }
            else if (line.StartsWith("## ", StringComparison.Ordinal)) { Flush(); blocks.Add(new LegalBlock(true, line[3..].Trim())); }
            else if (line.Length == 0) Flush();
            else paragraph.Add(line);
        }
        Flush();
        return new LegalDocument(type, version, title, blocks);
    }

    [GeneratedRegex("^v([0-9]{1,4})$")]
    private static partial Regex VersionPattern();
}
