using System.Text;

namespace LifeTimeCircle.Domain.Cms;

/// <summary>
/// Readable article addresses: lowercase letters a–z, digits and single hyphens, 3–80 characters; German umlauts are
/// written out (ä → ae, ß → ss). A slug is unique per kind, together with the kind's former slugs (redirects).
/// </summary>
public static class Slug
{
    public const int MaxLength = 80;

    /// <summary>Addresses of the kind's own pages (list, feed): never an article.</summary>
    private static readonly HashSet<string> Reserved = ["index", "feed", "seite"];

    /// <summary>The slug typed by the author, or made from the title when left empty.</summary>
    public static string Parse(string? typed, string title)
    {
        var source = string.IsNullOrWhiteSpace(typed) ? title : typed;
        var slug = FromText(source);
        if (!string.IsNullOrWhiteSpace(typed) && slug != typed.Trim())
        {
            throw new DomainException("Die Adresse darf nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche enthalten.", "Slug");
        }
        if (slug.Length is < 3 or > MaxLength) throw new DomainException($"Die Adresse muss 3 bis {MaxLength} Zeichen lang sein.", "Slug");
        if (Reserved.Contains(slug)) throw new DomainException("Diese Adresse ist für eine Seite der App reserviert.", "Slug");
        return slug;
    }

    /// <summary>Lowercase ASCII with hyphens between words (no leading, trailing or double hyphens).</summary>
    public static string FromText(string text)
    {
        var sb = new StringBuilder(text.Length);
        var hyphen = false;
        foreach (var ch in text.Trim().ToLowerInvariant())
        {
            var mapped = ch switch
            {
                'ä' => "ae", 'ö' => "oe", 'ü' => "ue", 'ß' => "ss",
                >= 'a' and <= 'z' or >= '0' and <= '9' => ch.ToString(),
                _ => null,
            };
            if (mapped is null)
            {
                hyphen = sb.Length > 0;
                continue;
            }
            if (hyphen) sb.Append('-');
            hyphen = false;
            sb.Append(mapped);
            if (sb.Length > MaxLength + 1) break;
        }
        return sb.ToString();
    }

    /// <summary>A value that could be a slug at all (route input is checked before any query).</summary>
    public static bool LooksValid(string? value) =>
        value is { Length: >= 3 and <= MaxLength } && value.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}
