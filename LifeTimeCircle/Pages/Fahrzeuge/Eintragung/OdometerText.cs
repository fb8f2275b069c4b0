using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Web;

namespace LifeTimeCircle.Pages.Fahrzeuge.Eintragung;

/// <summary>How a flagged reading and the neighbour it conflicts with read (timeline tab and entry page).</summary>
public static class OdometerText
{
    public static string Conflict(OdometerFlagKind kind, int referenceKm, DateOnly referenceDate) => kind switch
    {
        OdometerFlagKind.LowerThanEarlier => $"niedriger als {Display.Km(referenceKm)} im früheren Eintrag vom {Display.Date(referenceDate)}",
        OdometerFlagKind.HigherThanLater => $"höher als {Display.Km(referenceKm)} im späteren Eintrag vom {Display.Date(referenceDate)}",
        _ => $"mehr als {Display.Km(OdometerFlag.MaxKmPerDay)} pro Tag seit dem Eintrag vom {Display.Date(referenceDate)} ({Display.Km(referenceKm)})",
    };
}
