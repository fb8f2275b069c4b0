using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Tests.Web;

/// <summary>
/// Issue 25 item 3: „1 Eintrag“, „2 Einträge“ — every „n things“ goes through <see cref="Display.Count"/>; no template
/// puts a number expression straight before a plural noun („{n} Einträge“ reads „1 Einträge“ for one).
/// </summary>
public sealed partial class PluralTests
{
    [Theory]
    [InlineData(0, "0 Einträge")]
    [InlineData(1, "1 Eintrag")]
    [InlineData(2, "2 Einträge")]
    [InlineData(1234, "1.234 Einträge")]
    public void A_count_takes_the_singular_only_for_exactly_one(long n, string expected) =>
        Assert.Equal(expected, Display.Count(n, "Eintrag", "Einträge"));

    [Theory]
    [InlineData(1, "1 Tag")]
    [InlineData(3, "3 Tagen")]
    [InlineData(14, "2 Wochen")]
    [InlineData(30, "4 Wochen")]
    [InlineData(61, "2 Monaten")]
    [InlineData(800, "2 Jahren")]
    public void Reminder_spans_read_right(int days, string expected) =>
        Assert.Equal(expected, LifeTimeCircle.Infrastructure.Reminders.ReminderTexts.Span(days));

    private const string Nouns = "Einträge|Dokumente|Fahrzeuge|Nachweise|Nachrichten|Erinnerungen|Tage|Tagen|Wochen|Monate|Monaten|Jahre|Jahren|" +
                                 "Werkstätten|To-dos|Fassungen|Rechnungen|Vorschläge|Zeilen|Stunden|Minuten|Dateien|Fotos|Bilder|Punkte|Plätze|Sitze|Mitarbeitende";

    // {expr} Einträge (C# interpolation), @expr Einträge / @(expr) Einträge (Razor), expr + " Einträge" (concatenation),
    // and the hand-made „n == 1 ? "1 …"“ that Display.Count replaces.
    [GeneratedRegex(@"\}\s(" + Nouns + @")\b|@[\w.]+(\([^)]*\))?\s(" + Nouns + @")\b|\+\s*""\s(" + Nouns + @")\b|==\s*1\s*\?\s*""1\s")]
    private static partial Regex CountBeforeNoun();

    private static string SourceRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "LifeTimeCircle"));

    [Fact]
    public void No_template_writes_a_number_before_a_plural_noun_by_hand()
    {
        var root = SourceRoot();
        Assert.True(File.Exists(Path.Combine(root, "Program.cs")), $"Quellordner nicht gefunden: {root}");
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{separator}Migrations{separator}", StringComparison.Ordinal))
            // Operator console output of the benchmarks is English/German mixed tooling text, not product copy.
            .Where(f => !f.Contains($"{separator}Cli{separator}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"Nur {files.Count} Quelldateien gefunden");
        var hits = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (CountBeforeNoun().Match(lines[i]) is { Success: true } m) hits.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {m.Value}");
            }
        }
        Assert.True(hits.Count == 0, "Zahl vor Plural ohne Display.Count:\n" + string.Join("\n", hits));
    }
}
