using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;

namespace LifeTimeCircle.Infrastructure.Legal;

public sealed record LegalDocument(LegalDocumentType Type, string Version, string Title, IReadOnlyList<LegalBlock> Blocks);

public sealed record LegalBlock(bool IsHeading, string Text);

/// <summary>
/// Versioned AGB and Datenschutz texts kept in the repository under <c>Legal/{agb,datenschutz}/vN.md</c>.
/// The highest version present is the current one: publishing a new version means adding the next file
/// (or pointing <c>LTC_LEGAL_DIR</c> at a folder that has it) and restarting. See docs/operations.md.
/// </summary>
public sealed partial class LegalDocuments
{
    private readonly Dictionary<LegalDocumentType, LegalDocument> _current = [];

    public LegalDocuments(string directory)
    {
        foreach (var type in Enum.GetValues<LegalDocumentType>())
        {
            var folder = Path.Combine(directory, type.ToString().ToLowerInvariant());
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
    }

    public LegalDocument Current(LegalDocumentType type) => _current[type];

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
