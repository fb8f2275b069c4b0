using System.Globalization;

namespace LifeTimeCircle.Domain.Vehicles;

/// <summary>
/// Cost input as people type it: „1.234,56“, „1234,56“, „1234.56“, „1,234.56“, „1.234“ (thousands), with or
/// without „€“. Stored exactly as minor units (cents).
/// </summary>
public static class Money
{
    public static bool TryParseToCents(string? input, out long cents)
    {
        cents = 0;
        var s = new string((input ?? "").Where(c => !char.IsWhiteSpace(c) && c != '€' && c != '\u00a0').ToArray());
        if (s.Length == 0 || s.Length > 20) return false;
        if (s.Any(c => !(char.IsAsciiDigit(c) || c == '.' || c == ','))) return false;
        int lastDot = s.LastIndexOf('.'), lastComma = s.LastIndexOf(',');
        char? decimalSeparator = null;
        if (lastDot >= 0 && lastComma >= 0) decimalSeparator = lastDot > lastComma ? '.' : ',';
        else if (lastComma >= 0) decimalSeparator = s.Count(c => c == ',') == 1 ? ',' : null;
        else if (lastDot >= 0) decimalSeparator = s.Count(c => c == '.') == 1 && s.Length - lastDot - 1 is 1 or 2 ? '.' : null;

        string integerPart = s, fraction = "";
        if (decimalSeparator is { } sep)
        {
            var at = s.LastIndexOf(sep);
            integerPart = s[..at];
            fraction = s[(at + 1)..];
        }
        var thousands = decimalSeparator == '.' ? ',' : '.';
        if (integerPart.Contains(decimalSeparator ?? '\0', StringComparison.Ordinal)) return false;
        // Thousands separators must group by three.
        var groups = integerPart.Split(thousands);
        if (groups.Length > 1 && (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3))) return false;
        var digits = string.Concat(groups);
        if (digits.Length == 0 || digits.Any(c => !char.IsAsciiDigit(c)) || fraction.Length > 2 || fraction.Any(c => !char.IsAsciiDigit(c))) return false;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var euros) || euros > 1_000_000_000) return false;
        cents = euros * 100 + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
        return true;
    }

    // Shown values („1.234,56 €“) come from Web.Display.Euro; the domain has no display culture.

    /// <summary>For prefilled inputs: „1234,56“ (German decimal comma, no thousands separator).</summary>
    public static string ToInput(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');
}
