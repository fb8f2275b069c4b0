using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>
/// The dependency direction of docs/architecture.md and STYLE.md, read from the source tree: Domain → nothing;
/// Data → Domain; Infrastructure → Data, Domain; Web and Cli → anything but Pages; Pages → anything; nothing
/// depends on Pages. <c>Program.cs</c> is the composition root and may reference everything (it registers
/// services that live beside the pages). A file "references" a namespace by a using, a fully qualified name
/// (<c>LifeTimeCircle.Pages.Admin.X</c>) or a name relative to its own namespace (<c>Infrastructure.Security.X</c>
/// inside <c>LifeTimeCircle.Data</c>); comments do not count.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    private sealed record Rule(string Folder, string[] Forbidden);

    private static readonly Rule[] Rules =
    [
        new("Domain", ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "LifeTimeCircle.Data", "LifeTimeCircle.Infrastructure", "LifeTimeCircle.Web", "LifeTimeCircle.Pages", "LifeTimeCircle.Cli"]),
        new("Data", ["LifeTimeCircle.Infrastructure", "LifeTimeCircle.Web", "LifeTimeCircle.Pages", "LifeTimeCircle.Cli"]),
        new("Infrastructure", ["LifeTimeCircle.Web", "LifeTimeCircle.Pages", "LifeTimeCircle.Cli"]),
        new("Web", ["LifeTimeCircle.Pages", "LifeTimeCircle.Cli"]),
        new("Cli", ["LifeTimeCircle.Pages"]),
    ];

    /// <summary>
    /// The one explicit exception, kept tiny: <c>Web/Display.cs</c> is the single formatter for dates, kilometres,
    /// euros and sizes (STYLE.md convention 11). It has no ASP.NET inside, and the export PDFs, upload quota messages
    /// and entry rules in Infrastructure must show values exactly as the pages do. Any other Web type is refused.
    /// </summary>
    private static readonly (string Folder, string Namespace, string[] Types)[] Exceptions =
    [
        ("Infrastructure", "LifeTimeCircle.Web", ["Display"]),
    ];

    private static string SourceRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "LifeTimeCircle"));

    private static IEnumerable<string> SourceFiles(string folder)
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal));
    }

    /// <summary>The code of a file without comments (line, block and XML doc comments) and without string contents.</summary>
    private static string Code(string file) =>
        Comments().Replace(File.ReadAllText(file), m => m.Value.StartsWith('"') || m.Value.StartsWith('@') || m.Value.StartsWith('$') ? "\"\"" : " ");

    [GeneratedRegex("""@"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/""", RegexOptions.Singleline)]
    private static partial Regex Comments();

    /// <summary>Whether <paramref name="code"/> (in namespace LifeTimeCircle.X) names <paramref name="ns"/>.</summary>
    private static IEnumerable<string> References(string code, string ns)
    {
        var names = new List<string> { Regex.Escape(ns) };
        if (ns.StartsWith("LifeTimeCircle.", StringComparison.Ordinal))
        {
            // Relative to the file's own namespace: "Infrastructure.Security.VinProtector" inside LifeTimeCircle.Data.
            names.Add(@"(?<![\w.])" + Regex.Escape(ns["LifeTimeCircle.".Length..]));
        }
        foreach (var name in names)
        {
            foreach (Match m in Regex.Matches(code, name + @"(?:\.(?<type>[A-Z]\w*)|\s*;|\b(?=\s))"))
            {
                yield return m.Groups["type"].Success ? m.Groups["type"].Value : "";
            }
        }
    }

    private static IReadOnlySet<string> TypesDeclaredIn(string folder) =>
        SourceFiles(folder)
            .SelectMany(f => Regex.Matches(Code(f), @"\b(?:class|record|struct|interface|enum)\s+(\w+)").Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Each_layer_references_only_the_layers_below_it()
    {
        var root = SourceRoot();
        Assert.True(File.Exists(Path.Combine(root, "Program.cs")), $"Quellordner nicht gefunden: {root}");
        var violations = new List<string>();
        var checkedFiles = 0;
        foreach (var rule in Rules)
        {
            var folder = Path.Combine(root, rule.Folder);
            if (!Directory.Exists(folder)) continue;
            foreach (var file in SourceFiles(folder))
            {
                checkedFiles++;
                var code = Code(file);
                foreach (var ns in rule.Forbidden)
                {
                    if (!References(code, ns).Any()) continue;
                    var exception = Exceptions.FirstOrDefault(e => e.Folder == rule.Folder && e.Namespace == ns);
                    if (exception.Types is { } allowed)
                    {
                        // Allowed only when every type of that namespace the file names is on the list.
                        var namedTypes = TypesDeclaredIn(Path.Combine(root, ns["LifeTimeCircle.".Length..]))
                            .Where(t => Regex.IsMatch(code, $@"\b{t}\b")).ToList();
                        var notAllowed = namedTypes.Except(allowed).ToList();
                        if (notAllowed.Count == 0) continue;
                        violations.Add($"{Path.GetRelativePath(root, file)} → {ns} ({string.Join(", ", notAllowed)})");
                        continue;
                    }
                    violations.Add($"{Path.GetRelativePath(root, file)} → {ns}");
                }
            }
        }
        Assert.True(checkedFiles > 50, $"Nur {checkedFiles} Quelldateien geprüft");
        Assert.True(violations.Count == 0, "Abhängigkeit gegen die Richtung (docs/architecture.md):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Nothing_outside_Pages_and_the_composition_root_references_Pages()
    {
        var root = SourceRoot();
        var pages = Path.Combine(root, "Pages") + Path.DirectorySeparatorChar;
        var program = Path.Combine(root, "Program.cs");
        var violations = SourceFiles(root)
            .Where(f => !f.StartsWith(pages, StringComparison.Ordinal) && f != program)
            .Where(f => Code(f).Contains("LifeTimeCircle.Pages", StringComparison.Ordinal) || References(Code(f), "LifeTimeCircle.Pages").Any())
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.True(violations.Count == 0, "Verweist auf Pages: " + string.Join(", ", violations));
    }

    [Fact]
    public void The_check_sees_a_relative_reference_and_ignores_comments_and_strings()
    {
        Assert.NotEmpty(References("var x = Infrastructure.Security.VinProtector.Hash();", "LifeTimeCircle.Infrastructure"));
        Assert.NotEmpty(References("using LifeTimeCircle.Web;", "LifeTimeCircle.Web"));
        Assert.NotEmpty(References("services.AddScoped<LifeTimeCircle.Pages.Admin.BusinessReview>();", "LifeTimeCircle.Pages"));
        Assert.Empty(References("var x = Microsoft.AspNetCore.Mvc.RazorPages.PageModel.Foo;", "LifeTimeCircle.Pages"));
        var file = Path.Combine(Path.GetTempPath(), $"ltc-dep-{Guid.NewGuid():N}.cs");
        File.WriteAllText(file, "// using LifeTimeCircle.Web;\n/// <see cref=\"Web.Display\"/>\nvar s = \"LifeTimeCircle.Pages.X\";\n");
        try
        {
            var code = Code(file);
            Assert.Empty(References(code, "LifeTimeCircle.Web"));
            Assert.Empty(References(code, "LifeTimeCircle.Pages"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
