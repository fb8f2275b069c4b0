using System.Reflection;
using System.Text.RegularExpressions;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Tests.Ops;

namespace LifeTimeCircle.Tests.Platform;

/// <summary>
/// Audit actions come only from <see cref="AuditActions"/>, and docs/operations.md names exactly that catalogue.
/// Reads the source and the docs of the repository (no host needed).
/// </summary>
public sealed partial class AuditCatalogTests
{
    // An action-like literal handed over directly as an argument: ( "X_Y" , or , "X_Y" ) — dictionary values
    // such as ["reason_code"] = "RATE_LIMIT" are not arguments and stay allowed.
    [GeneratedRegex("""(?<=[(,]\s*)"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"(?=\s*[,)])""")]
    private static partial Regex ActionLiteralArgument();

    // Methods that take the audit action: AuditWriter.WriteAsync/WriteForUserAsync and every helper with a
    // `string action` / `string successAction` … parameter that passes it on.
    [GeneratedRegex(@"\b(\w+Async|\w+)\s*\([^)]*\bstring\s+\w*[aA]ction\b")]
    private static partial Regex MethodTakingAnAction();

    [GeneratedRegex(@"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRowAction();

    private static IEnumerable<(string File, string Text)> Sources()
    {
        var root = NginxFixture.RepoPath("LifeTimeCircle");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f)));
    }

    private static IReadOnlyDictionary<string, string> Catalogue() =>
        typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void No_audit_write_names_its_action_with_a_string_literal()
    {
        var sources = Sources().ToList();
        Assert.True(sources.Count > 50, $"Only {sources.Count} source files found; the search root is wrong.");
        // AuditWriter's own methods take the action first (the target type follows as a literal on purpose);
        // a helper that passes an action on may take it anywhere, and takes no other action-like literal.
        var writers = new[] { "WriteAsync", "WriteForUserAsync" };
        var helpers = sources.SelectMany(s => MethodTakingAnAction().Matches(s.Text).Select(m => m.Groups[1].Value))
            .Except(writers).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("ChangeAsync", helpers); // the helper detection itself works (Fahrzeuge/Teilen passes an action on)
        var calls = new Regex($@"\b(?<writer>{string.Join('|', writers)})\s*\(\s*(?<first>""[^""]*"")|\b(?:{string.Join('|', helpers.Select(Regex.Escape))})\s*\((?<args>[^;]*);");

        var offenders = new List<string>();
        foreach (var (file, text) in sources)
        {
            if (file == Path.Combine("Domain", "AuditEvent.cs")) continue;
            foreach (Match call in calls.Matches(text))
            {
                var arguments = call.Groups["writer"].Success ? "(" + call.Groups["first"].Value + ")" : "(" + call.Groups["args"].Value;
                foreach (Match literal in ActionLiteralArgument().Matches(arguments))
                {
                    var line = text[..call.Index].Count(c => c == '\n') + 1;
                    offenders.Add($"{file}:{line} {literal.Value}");
                }
            }
        }
        Assert.True(offenders.Count == 0,
            "Audit actions must come from AuditActions (Domain/AuditEvent.cs), not literals:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void No_source_file_repeats_the_value_of_a_catalogued_action()
    {
        // Metadata values such as ["reason_code"] = "RATE_LIMIT" are reason codes, not actions.
        var values = Catalogue().Values.ToHashSet(StringComparer.Ordinal);
        var offenders = Sources()
            .Where(s => s.File != Path.Combine("Domain", "AuditEvent.cs"))
            .SelectMany(s => Regex.Matches(s.Text, @"(?<!\]\s*=\s*)""([A-Z][A-Z0-9_]*)""").Where(m => values.Contains(m.Groups[1].Value))
                .Select(m => $"{s.File}: {m.Value}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Use the AuditActions constant instead of its value:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_operations_guide_lists_exactly_the_audit_actions_of_the_catalogue()
    {
        var docs = File.ReadAllText(NginxFixture.RepoPath("docs", "operations.md"));
        var start = docs.IndexOf("### Audit actions", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no section \"### Audit actions\".");
        var next = docs.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        var section = next < 0 ? docs[start..] : docs[start..next];
        var documented = TableRowAction().Matches(section).Select(m => m.Groups[1].Value).ToList();
        var catalogue = Catalogue();

        var missing = catalogue.Where(c => !documented.Contains(c.Value)).Select(c => $"{c.Key} = {c.Value}").ToList();
        Assert.True(missing.Count == 0, "Not in the \"Audit actions\" table of docs/operations.md:\n" + string.Join('\n', missing));
        var unknown = documented.Where(d => !catalogue.Values.Contains(d)).ToList();
        Assert.True(unknown.Count == 0, "Documented but not in AuditActions:\n" + string.Join('\n', unknown));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }
}
