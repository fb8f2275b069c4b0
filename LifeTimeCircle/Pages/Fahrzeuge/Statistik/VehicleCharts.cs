using System.Globalization;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Pages.Fahrzeuge.Statistik;

/// <summary>One odometer reading on the curve; <see cref="Flagged"/> = an open odometer flag (shown as a marked point).</summary>
public sealed record OdometerPoint(DateOnly Date, int Km, bool Flagged);

/// <summary>A point of the drawn curve in SVG user units.</summary>
public sealed record PlotPoint(double X, double Y, OdometerPoint Reading);

/// <summary>A bar of a bar chart in SVG user units.</summary>
public sealed record Bar(string Label, long Cents, double X, double Y, double Width, double Height);

/// <summary>
/// The geometry of the vehicle's charts, computed on the server and drawn as inline SVG by the page (no script, no chart
/// library). Coordinates live in a fixed viewBox that scales to the width of the screen (readable at 320 px).
/// </summary>
public static class VehicleCharts
{
    public const double Width = 320;
    public const double Height = 180;
    public const double Left = 8;
    public const double Right = 8;
    public const double Top = 12;
    public const double Bottom = 24;

    /// <summary>Readings in date order placed on the chart: x by date, y by kilometres (0 at the bottom).</summary>
    public static IReadOnlyList<PlotPoint> Odometer(IReadOnlyList<OdometerPoint> readings)
    {
        if (readings.Count == 0) return [];
        var ordered = readings.OrderBy(r => r.Date).ThenBy(r => r.Km).ToList();
        var first = ordered[0].Date.DayNumber;
        var span = Math.Max(1, ordered[^1].Date.DayNumber - first);
        var maxKm = Math.Max(1, ordered.Max(r => r.Km));
        var w = Width - Left - Right;
        var h = Height - Top - Bottom;
        return ordered.Select(r => new PlotPoint(
            ordered.Count == 1 ? Left + w / 2 : Left + w * (r.Date.DayNumber - first) / span,
            Top + h - h * r.Km / maxKm, r)).ToList();
    }

    /// <summary>The <c>points</c> attribute of a polyline through the plotted readings.</summary>
    public static string Polyline(IReadOnlyList<PlotPoint> points) =>
        string.Join(' ', points.Select(p => Coord(p.X) + "," + Coord(p.Y)));

    /// <summary>Bars for labelled sums (in the given order), heights relative to the largest.</summary>
    public static IReadOnlyList<Bar> Bars(IReadOnlyList<(string Label, long Cents)> sums)
    {
        if (sums.Count == 0) return [];
        var max = Math.Max(1, sums.Max(s => s.Cents));
        var w = Width - Left - Right;
        var h = Height - Top - Bottom;
        var slot = w / sums.Count;
        var barWidth = Math.Max(2, slot * 0.7);
        return sums.Select((s, i) =>
        {
            var height = h * Math.Max(0, s.Cents) / max;
            return new Bar(s.Label, s.Cents, Left + slot * i + (slot - barWidth) / 2, Top + h - height, barWidth, height);
        }).ToList();
    }

    /// <summary>Costs per calendar year, oldest first; years without costs inside the range are shown as 0.</summary>
    public static IReadOnlyList<(string Label, long Cents)> PerYear(IEnumerable<(DateOnly Date, long Cents)> costs)
    {
        var byYear = costs.GroupBy(c => c.Date.Year).ToDictionary(g => g.Key, g => g.Sum(c => c.Cents));
        if (byYear.Count == 0) return [];
        var first = byYear.Keys.Min();
        var last = byYear.Keys.Max();
        // Decades of gaps would make bars unreadably thin: only years with costs when the range is long.
        var years = last - first < 20 ? Enumerable.Range(first, last - first + 1) : byYear.Keys.Order();
        return years.Select(y => (y.ToString(CultureInfo.InvariantCulture), byYear.GetValueOrDefault(y))).ToList();
    }

    /// <summary>Costs per entry category, largest first.</summary>
    public static IReadOnlyList<(string Label, long Cents)> PerCategory(IEnumerable<(EntryCategory Category, long Cents)> costs) =>
        costs.GroupBy(c => c.Category).Select(g => (EntryTexts.Category(g.Key), g.Sum(c => c.Cents)))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Item1, StringComparer.Ordinal).ToList();

    /// <summary>An SVG coordinate with a dot as decimal separator, whatever the culture.</summary>
    public static string Coord(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
