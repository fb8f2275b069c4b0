using System.Globalization;

namespace LifeTimeCircle.Web;

/// <summary>
/// The one way to show a value (STYLE.md convention 11), used by views, messages and PDFs alike: German number and date
/// formats (de-DE) and instants in Berlin time, summer time included (the IANA zone "Europe/Berlin", never a fixed offset).
/// Instants are stored as UTC; dates of entries are <see cref="DateOnly"/> and have no time zone.
/// No ASP.NET inside, so the export writer in Infrastructure uses it too.
/// </summary>
public static class Display
{
    /// <summary>German formats for display and for parsing what people type (dates like „14.03.2024“).</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>Germany's civil time: UTC+1 in winter, UTC+2 in summer.</summary>
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>The instant as Berlin wall-clock time.</summary>
    public static DateTimeOffset InBerlin(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Berlin);

    /// <summary>The instant a Berlin calendar day begins (midnight is never skipped by the clock change there).</summary>
    public static DateTimeOffset BerlinDayStart(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The calendar day in Berlin on which the instant falls.</summary>
    public static DateOnly BerlinDate(DateTimeOffset instant) => DateOnly.FromDateTime(InBerlin(instant).DateTime);

    /// <summary>„14.03.2024“.</summary>
    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", Culture);

    /// <summary>„15.07.2026“: the Berlin calendar day of the instant.</summary>
    public static string Date(DateTimeOffset instant) => InBerlin(instant).ToString("dd.MM.yyyy", Culture);

    /// <summary>„15.07.2026 12:30“ in Berlin time.</summary>
    public static string DateTime(DateTimeOffset instant) => InBerlin(instant).ToString("dd.MM.yyyy HH:mm", Culture);

    /// <summary>„15.07.2026 12:30:05“ in Berlin time (audit log).</summary>
    public static string DateTimeWithSeconds(DateTimeOffset instant) => InBerlin(instant).ToString("dd.MM.yyyy HH:mm:ss", Culture);

    /// <summary>„12:30“ in Berlin time.</summary>
    public static string Time(DateTimeOffset instant) => InBerlin(instant).ToString("HH:mm", Culture);

    /// <summary>„123.456“: a whole number with German thousands separators.</summary>
    public static string Number(long value) => value.ToString("N0", Culture);

    /// <summary>
    /// A count with its noun in the right number, the only way the app writes „n things“ (issue 25): „1 Eintrag“,
    /// „2 Einträge“, „0 Einträge“, „1.234 Einträge“. German uses the singular only for exactly one.
    /// </summary>
    public static string Count(long n, string one, string many) => Number(n) + " " + (n == 1 ? one : many);

    /// <summary>A measured value with one decimal: „31,4“ (health page: percentages, minutes, hours).</summary>
    public static string OneDecimal(double value) => value.ToString("N1", Culture);

    /// <summary>„123.456 km“.</summary>
    public static string Km(int km) => Number(km) + " km";

    /// <summary>„1.234,56 €“ from minor units (cents).</summary>
    public static string Euro(long cents) => (cents / 100m).ToString("N2", Culture) + " €";

    /// <summary>File sizes as people read them, the same way on every page: „10 MiB“, „0,5 MiB“, „400 KiB“.</summary>
    public static string FileSize(long bytes) => bytes >= 512 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.#", Culture) + " MiB"
        : Math.Ceiling(bytes / 1024d).ToString("0", Culture) + " KiB";

    /// <summary>An e-mail address for lists: first letter, first letter of the domain and the top-level domain („m***@b***.de“).</summary>
    public static string MaskedEmail(string? email)
    {
        if (string.IsNullOrEmpty(email)) return "–";
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0) return "***";
        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return email[0] + "***@" + (domain.Length > 0 ? domain[0] + "***" : "") + (dot > 0 ? domain[dot..] : "");
    }
}
