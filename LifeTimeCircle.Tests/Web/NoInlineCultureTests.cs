using System.Runtime.CompilerServices;

namespace LifeTimeCircle.Tests.Web;

/// <summary>STYLE.md convention 11: cultures, time zones and offsets for display live in <c>Web/Display.cs</c> only.</summary>
public sealed class NoInlineCultureTests
{
    // „FromHours(1)“ only as an offset: the one-hour windows of rate limits and cleanups are durations, not time zones.
    private static readonly string[] Forbidden =
        ["GetCultureInfo(", "new CultureInfo(", "ToOffset(TimeSpan.FromHours(", "\"Europe/Berlin\"", "FindSystemTimeZoneById(", "ToLocalTime(", "UtcDateTime.ToString("];

    private static string SourceRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "LifeTimeCircle"));

    [Fact]
    public void No_source_file_outside_the_display_formatter_builds_a_culture_or_an_offset()
    {
        var root = SourceRoot();
        Assert.True(File.Exists(Path.Combine(root, "Program.cs")), $"Quellordner nicht gefunden: {root}");
        var display = Path.Combine(root, "Web", "Display.cs");
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{separator}Migrations{separator}", StringComparison.Ordinal))
            .Where(f => !string.Equals(f, display, StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"Nur {files.Count} Quelldateien gefunden");

        var hits = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var bad in Forbidden.Where(b => lines[i].Contains(b, StringComparison.Ordinal)))
                {
                    hits.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {bad}");
                }
            }
        }
        Assert.True(hits.Count == 0, "Inline-Kultur oder -Versatz statt Web/Display:\n" + string.Join("\n", hits));
    }
}
