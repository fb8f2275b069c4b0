using System.Globalization;

namespace LifeTimeCircle.Domain.Vehicles;

/// <summary>Reads an odometer as people type it: digits, optionally grouped by three with German thousands dots or spaces, optionally „km“.</summary>
public static class Kilometres
{
    public const int Maximum = 9_999_999;

    public static bool TryParse(string? text, out int km)
    {
        km = 0;
        var s = (text ?? "").Trim();
        if (s.EndsWith("km", StringComparison.OrdinalIgnoreCase)) s = s[..^2].TrimEnd();
        if (s.Length == 0) return false;
        var separator = s.FirstOrDefault(c => c is '.' or ' ' or '\u00a0' or '\u202f');
        if (separator != default)
        {
            var groups = s.Split(separator);
            if (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3)) return false;
            s = string.Concat(groups);
        }
        return s.All(char.IsAsciiDigit) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out km) && km <= Maximum;
    }
}
