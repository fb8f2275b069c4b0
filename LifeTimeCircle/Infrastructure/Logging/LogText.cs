using System.Globalization;
using System.Text;

namespace LifeTimeCircle.Infrastructure.Logging;

/// <summary>
/// Makes text that may come from a request (exception messages, paths, values) safe for one journal line: control,
/// bidi and other invisible format characters, angle brackets and lone surrogates are written as <c>\uXXXX</c>, and
/// the text is cut after <c>max</c> characters with a note how much was left out. A hostile value therefore never
/// reaches the journal raw: no line breaks, no reordered text (U+202E), no markup for a log viewer that renders HTML.
/// </summary>
public static class LogText
{
    public const int MaxValue = 300;
    public const int MaxExceptionMessage = 200;

    public static string Safe(string? text, int max = MaxValue)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var builder = new StringBuilder(Math.Min(text.Length, max) + 16);
        var taken = 0;
        for (var i = 0; i < text.Length && taken < max; i++, taken++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (NeedsEscape(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        var consumed = CountConsumed(text, taken);
        if (consumed < text.Length)
        {
            builder.Append("…[+").Append((text.Length - consumed).ToString(CultureInfo.InvariantCulture)).Append(" Zeichen]");
        }
        return builder.ToString();
    }

    /// <summary>
    /// An exception for the journal: the type of each exception in the chain with its message made safe and cut, then the
    /// outer exception's stack (method names only, no user data). Never <see cref="Exception.ToString"/>, which repeats
    /// every message in full.
    /// </summary>
    public static string Exception(Exception exception)
    {
        var builder = new StringBuilder();
        var depth = 0;
        for (var ex = exception; ex is not null && depth < 4; ex = ex.InnerException, depth++)
        {
            if (depth > 0) builder.Append(" ---> ");
            builder.Append(ex.GetType().FullName).Append(": ").Append(Safe(ex.Message, MaxExceptionMessage));
        }
        if (exception.StackTrace is { } stack)
        {
            builder.Append('\n').Append(stack);
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c is '<' or '>' || char.IsControl(c) || char.IsSurrogate(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>How many UTF-16 units the first <paramref name="taken"/> characters (surrogate pairs counted once) span.</summary>
    private static int CountConsumed(string text, int taken)
    {
        var i = 0;
        for (var n = 0; n < taken && i < text.Length; n++)
        {
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        }
        return i;
    }
}
