using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>
/// STYLE.md convention 12: pages are addressed by name (<c>asp-page</c>, <c>RedirectToPage</c>, <c>Url.Page</c>,
/// <c>PublicUrls.Page</c>), never by a hand-written URL string, so a route changes in one place. The app's URL
/// space is read from the source itself (folders and pages under Pages/, first segments of <c>@page</c> routes),
/// so new features are covered without touching this test.
/// </summary>
public sealed partial class RoutesByNameTests
{
    /// <summary>
    /// The only URL strings that stay, each with its reason. Every entry must still occur (a stale entry fails),
    /// so the list cannot silently grow into a blanket exemption.
    /// </summary>
    private static readonly (string File, string Literal, string Reason)[] Allowed =
    [
        ("Program.cs", "/Fehler/500", "The exception handler re-executes a path, not a page name."),
        ("Program.cs", "/Fehler/{0}", "Status code pages re-execute a path format."),
        ("Web/AuthSetup.cs", "/Konto/Anmelden", "Cookie options take a path; no routing exists when they are configured."),
        ("Web/AuthSetup.cs", "/Konto/Abmelden", "Cookie options take a path."),
        ("Web/AuthSetup.cs", "/Fehler/403", "Cookie options take a path."),
        ("Pages/Konto/RegistrationFlow.cs", "/Konto", "Cookie scope (a path prefix), not a link."),
        ("Cli/Benchmark.cs", "/Fahrzeuge", "The benchmark is an HTTP client outside the app's request pipeline."),
        ("Cli/Benchmark.cs", "/Fahrzeuge/{vehicleId}/Eintragung?vor={cursors[i * 7919 % cursors.Count]}", "Benchmark HTTP client."),
        ("Cli/Benchmark.cs", "/Fahrzeuge/{vehicleId}/Eintragung", "Benchmark HTTP client."),
        ("Cli/Benchmark.cs", "/Fahrzeuge/{vehicleId}/Eintragung/Neu", "Benchmark HTTP client."),
        ("Cli/Benchmark.cs", "/Fahrzeuge/{vehicleId}/Fahrzeugakte", "Benchmark HTTP client."),
        ("Cli/Benchmark.cs", "/Konto/Anmelden", "Benchmark HTTP client."),
        ("Cli/Benchmark.Exports.cs", "/Fahrzeuge/{vehicleId}/Exporte", "Benchmark HTTP client."),
        ("Cli/Benchmark.Exports.cs", "/Exporte?handler=Status", "Benchmark HTTP client."),
        ("Cli/Benchmark.Http.cs", "/q/{token}", "Benchmark HTTP client (wrk and nginx need the URL)."),
        ("Cli/Benchmark.Http.cs", "/Fahrzeuge/{vehicleId}/Eintragung", "Benchmark HTTP client."),
        ("Cli/Benchmark.Http.cs", "/Fahrzeuge/{vehicleId}/Fahrzeugakte", "Benchmark HTTP client."),
        ("Cli/Benchmark.Http.cs", "/health/live", "Benchmark HTTP client waits for the child process."),
    ];

    private static string SourceRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "LifeTimeCircle"));

    /// <summary>First URL segments the app serves: page folders, top-level pages and the first literal segment of every <c>@page</c> route.</summary>
    private static HashSet<string> AppSegments(string root, IEnumerable<string> files)
    {
        var pages = Path.Combine(root, "Pages");
        var segments = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var dir in Directory.EnumerateDirectories(pages)) segments.Add(Path.GetFileName(dir));
        foreach (var page in Directory.EnumerateFiles(pages, "*.cshtml").Select(Path.GetFileNameWithoutExtension).Where(n => !n!.StartsWith('_')))
        {
            segments.Add(page!);
        }
        foreach (var file in files.Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal)))
        {
            var route = PageDirective().Match(File.ReadLines(file).FirstOrDefault() ?? "");
            if (route.Success) segments.Add(route.Groups[1].Value);
        }
        segments.Remove("Shared");
        segments.Remove("Public"); // a folder of pages with their own routes, not a URL segment
        return segments;
    }

    /// <summary>Page names ("/Konto/Anmelden", "/Fahrzeuge/Eintragung/Index") and folder names with a trailing slash ("/Fahrzeuge/").</summary>
    private static HashSet<string> PageNames(string root)
    {
        var pages = Path.Combine(root, "Pages");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories))
        {
            names.Add("/" + Path.GetRelativePath(pages, file).Replace('\\', '/')[..^".cshtml".Length]);
        }
        foreach (var dir in Directory.EnumerateDirectories(pages, "*", SearchOption.AllDirectories))
        {
            names.Add("/" + Path.GetRelativePath(pages, dir).Replace('\\', '/') + "/");
        }
        return names;
    }

    /// <summary>Every quoted string that starts with "/" and names one of the app's URL segments (or is the root "/").</summary>
    private static List<(string File, int Line, string Literal)> UrlStrings(string root, out int fileCount)
    {
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{separator}Migrations{separator}", StringComparison.Ordinal))
            .ToList();
        fileCount = files.Count;
        var segments = AppSegments(root, files);
        var names = PageNames(root);
        var hits = new List<(string, int, string)>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.TrimStart().StartsWith("@page", StringComparison.Ordinal)) continue; // the route itself
                foreach (Match m in QuotedPath().Matches(line))
                {
                    var literal = m.Groups[1].Value;
                    var before = line[..m.Index].TrimEnd();
                    // Page and folder names (asp-page="/Konto/Anmelden", RedirectToPage("/Exporte/Index"), AuthorizeFolder("/Admin")) are names, not URLs;
                    // strings compared with a request path or a return URL (StartsWith, StartsWithSegments) are checks, not links.
                    if (PageNameContext().IsMatch(before)) continue;
                    // The bare root "/" is also a cookie path or a default; it is a URL where it is linked or redirected to.
                    if (literal == "/")
                    {
                        if (RootLinkContext().IsMatch(before)) hits.Add((relative, i + 1, literal));
                        continue;
                    }
                    if (!segments.Contains(FirstSegment().Match(literal).Groups[1].Value)) continue;
                    // Elsewhere (a tuple of tabs, a helper's argument) a string that names an existing page ("/Fahrzeuge/Archiv") or
                    // page folder ("/Fahrzeuge/") is a name; where a URL is expected (href, action, Redirect, a path or returnUrl) it is not.
                    if (!UrlContext().IsMatch(before) && names.Contains(literal)) continue;
                    hits.Add((relative, i + 1, literal));
                }
            }
        }
        return hits;
    }

    [Fact]
    public void No_source_file_writes_an_app_URL_as_a_string()
    {
        var root = SourceRoot();
        Assert.True(File.Exists(Path.Combine(root, "Program.cs")), $"Quellordner nicht gefunden: {root}");
        var hits = UrlStrings(root, out var fileCount);
        Assert.True(fileCount > 50, $"Nur {fileCount} Quelldateien gefunden");
        var allowed = Allowed.Select(a => (a.File, a.Literal)).ToHashSet();
        var bad = hits.Where(h => !allowed.Contains((h.File, h.Literal))).Select(h => $"{h.File}:{h.Line}: \"{h.Literal}\"").ToList();
        Assert.True(bad.Count == 0,
            "Handgeschriebene App-URLs statt Seitennamen (asp-page/asp-route-*, RedirectToPage, Url.Page, PublicUrls.Page):\n" + string.Join("\n", bad));
    }

    [Fact]
    public void Every_allowed_URL_string_still_exists()
    {
        var hits = UrlStrings(SourceRoot(), out _).Select(h => (h.File, h.Literal)).ToHashSet();
        var stale = Allowed.Where(a => !hits.Contains((a.File, a.Literal))).Select(a => $"{a.File}: \"{a.Literal}\"").ToList();
        Assert.True(stale.Count == 0, "Veraltete Einträge der Ausnahmeliste (entfernen):\n" + string.Join("\n", stale));
    }

    [Fact]
    public void The_scan_recognises_a_hand_written_link_a_redirect_and_a_form_action()
    {
        // The detector itself: the three shapes that must never come back are found, page names are not.
        Assert.Matches(QuotedPath(), "<a href=\"/Fahrzeuge/@v.PublicId\">");
        Assert.Matches(QuotedPath(), "return Redirect($\"/Fahrzeuge/{vehicle.PublicId}/Teilen\");");
        Assert.Matches(QuotedPath(), "<form method=\"post\" action=\"/Konto/Abmelden\">");
        Assert.Matches(PageNameContext(), "<a asp-page=");
        Assert.Matches(PageNameContext(), "return RedirectToPage(");
        Assert.Matches(RootLinkContext(), "<a class=\"brand\" href=");
        Assert.Matches(UrlContext(), "return RedirectToPage(\"/Admin/Bestaetigen\", new { returnUrl =");
        Assert.Matches(UrlContext(), "<a href=");
        Assert.DoesNotMatch(PageNameContext(), "return Redirect($");
        Assert.DoesNotMatch(PageNameContext(), "<a href=");
    }

    [GeneratedRegex("^\\s*@page\\s+\"/([^/\"{]+)")]
    private static partial Regex PageDirective();

    [GeneratedRegex("\"(/[^\"\\s{]*(?:\\{[^}\"]*\\}[^\"\\s{]*)*)\"")]
    private static partial Regex QuotedPath();

    [GeneratedRegex("(href=|action=|Redirect\\()\\s*\\$?$")]
    private static partial Regex RootLinkContext();

    [GeneratedRegex("(href=|action=|src=|Redirect\\(|Path\\s*=|returnUrl\\s*=|Async\\()\\s*\\$?$", RegexOptions.IgnoreCase)]
    private static partial Regex UrlContext();

    [GeneratedRegex("^/([^/?{@#&\"]*)")]
    private static partial Regex FirstSegment();

    [GeneratedRegex("(asp-page=|Page\\(|PageResult\\(|Folder\\(|Convention\\(|StartsWith\\(|StartsWithSegments\\(|Equals\\(|pageName:|Map\\w*\\()\\s*\\$?$")]
    private static partial Regex PageNameContext();
}
