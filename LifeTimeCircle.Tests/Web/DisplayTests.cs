using LifeTimeCircle.Web;

namespace LifeTimeCircle.Tests.Web;

/// <summary>The one display formatter: German formats, Berlin time with summer time, never a fixed offset.</summary>
public sealed class DisplayTests
{
    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Measured_values_and_counts_are_german() =>
        Assert.Equal(("31,4", "1.234", "0,0"), (Display.OneDecimal(31.44), Display.Number(1234), Display.OneDecimal(0)));

    [Fact]
    public void A_summer_instant_is_shown_two_hours_after_utc() =>
        Assert.Equal("15.07.2026 12:30", Display.DateTime(Utc(2026, 7, 15, 10, 30)));

    [Fact]
    public void A_winter_instant_is_shown_one_hour_after_utc() =>
        Assert.Equal("15.01.2026 11:30", Display.DateTime(Utc(2026, 1, 15, 10, 30)));

    [Fact]
    public void An_instant_with_another_offset_is_shown_in_berlin_time() =>
        Assert.Equal("15.07.2026 12:30", Display.DateTime(new DateTimeOffset(2026, 7, 15, 6, 30, 0, TimeSpan.FromHours(-4))));

    [Theory]
    // Spring forward on 29.03.2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    [InlineData(2026, 3, 29, 0, 59, "29.03.2026 01:59")]
    [InlineData(2026, 3, 29, 1, 0, "29.03.2026 03:00")]
    // Fall back on 25.10.2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC, so 02:30 happens twice.
    [InlineData(2026, 10, 25, 0, 30, "25.10.2026 02:30")]
    [InlineData(2026, 10, 25, 1, 0, "25.10.2026 02:00")]
    [InlineData(2026, 10, 25, 1, 30, "25.10.2026 02:30")]
    public void The_nights_of_the_clock_change_follow_berlin_summer_time(int year, int month, int day, int hour, int minute, string expected) =>
        Assert.Equal(expected, Display.DateTime(Utc(year, month, day, hour, minute)));

    [Fact]
    public void The_audit_time_carries_seconds_in_berlin_time() =>
        Assert.Equal("15.07.2026 12:30:05", Display.DateTimeWithSeconds(Utc(2026, 7, 15, 10, 30, 5)));

    [Fact]
    public void The_time_alone_is_berlin_time() => Assert.Equal("00:15", Display.Time(Utc(2026, 7, 14, 22, 15)));

    [Fact]
    public void An_instant_late_in_the_utc_evening_is_already_the_next_day_in_berlin()
    {
        Assert.Equal("01.07.2026", Display.Date(Utc(2026, 6, 30, 22, 30)));
        Assert.Equal(new DateOnly(2026, 7, 1), Display.BerlinDate(Utc(2026, 6, 30, 22, 30)));
        Assert.Equal("31.12.2026", Display.Date(Utc(2026, 12, 31, 22, 30)));
        Assert.Equal("01.01.2027", Display.Date(Utc(2026, 12, 31, 23, 0)));
    }

    [Fact]
    public void A_calendar_date_has_no_time_zone() => Assert.Equal("02.05.2019", Display.Date(new DateOnly(2019, 5, 2)));

    [Theory]
    [InlineData(123456, "123.456 km")]
    [InlineData(0, "0 km")]
    [InlineData(999, "999 km")]
    [InlineData(1_000_000, "1.000.000 km")]
    public void Kilometres_have_german_thousands_separators(int km, string expected) => Assert.Equal(expected, Display.Km(km));

    [Fact]
    public void Whole_numbers_have_german_thousands_separators() => Assert.Equal("1.234.567", Display.Number(1_234_567));

    [Theory]
    [InlineData(123456, "1.234,56 €")]
    [InlineData(8990, "89,90 €")]
    [InlineData(5, "0,05 €")]
    [InlineData(100_000_000_000, "1.000.000.000,00 €")]
    public void Euros_have_a_decimal_comma_and_two_places(long cents, string expected) => Assert.Equal(expected, Display.Euro(cents));

    [Theory]
    [InlineData(10L * 1024 * 1024, "10 MiB")]
    [InlineData(512L * 1024, "0,5 MiB")]
    [InlineData(1536L * 1024, "1,5 MiB")]
    [InlineData(400L * 1024, "400 KiB")]
    [InlineData(1L, "1 KiB")]
    [InlineData(0L, "0 KiB")]
    public void File_sizes_are_shown_in_kib_or_mib(long bytes, string expected) => Assert.Equal(expected, Display.FileSize(bytes));

    [Fact]
    public void The_time_zone_is_the_iana_zone_and_not_a_fixed_offset()
    {
        Assert.Equal(TimeSpan.FromHours(1), Display.Berlin.GetUtcOffset(Utc(2026, 1, 15, 12, 0)));
        Assert.Equal(TimeSpan.FromHours(2), Display.Berlin.GetUtcOffset(Utc(2026, 7, 15, 12, 0)));
    }
}
