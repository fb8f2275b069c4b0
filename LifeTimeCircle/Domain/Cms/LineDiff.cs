namespace LifeTimeCircle.Domain.Cms;

public enum DiffKind { Same, Removed, Added }

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>
/// A line diff (longest common subsequence) of two Markdown texts: what changed since the last review. Texts are
/// at most <see cref="Article.MaxMarkdownLength"/> characters; beyond <see cref="MaxLines"/> lines per side the middle
/// is compared as one block (removed, then added) to keep the table small.
/// </summary>
public static class LineDiff
{
    public const int MaxLines = 600;

    public static IReadOnlyList<DiffLine> Compare(string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        // Common head and tail first: most revisions change a few lines.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)]) tail++;
        var result = new List<DiffLine>();
        result.AddRange(a[..head].Select(l => new DiffLine(DiffKind.Same, l)));
        var midA = a[head..(a.Length - tail)];
        var midB = b[head..(b.Length - tail)];
        if (midA.Length > MaxLines || midB.Length > MaxLines)
        {
            result.AddRange(midA.Select(l => new DiffLine(DiffKind.Removed, l)));
            result.AddRange(midB.Select(l => new DiffLine(DiffKind.Added, l)));
        }
        else
        {
            result.AddRange(Lcs(midA, midB));
        }
        result.AddRange(a[(a.Length - tail)..].Select(l => new DiffLine(DiffKind.Same, l)));
        return result;
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static List<DiffLine> Lcs(string[] a, string[] b)
    {
        var len = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                len[i, j] = a[i] == b[j] ? len[i + 1, j + 1] + 1 : Math.Max(len[i + 1, j], len[i, j + 1]);
            }
        }
        var result = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { result.Add(new DiffLine(DiffKind.Same, a[x])); x++; y++; }
            else if (len[x + 1, y] >= len[x, y + 1]) result.Add(new DiffLine(DiffKind.Removed, a[x++]));
            else result.Add(new DiffLine(DiffKind.Added, b[y++]));
        }
        while (x < a.Length) result.Add(new DiffLine(DiffKind.Removed, a[x++]));
        while (y < b.Length) result.Add(new DiffLine(DiffKind.Added, b[y++]));
        return result;
    }
}
