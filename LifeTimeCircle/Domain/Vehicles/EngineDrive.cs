namespace LifeTimeCircle.Domain.Vehicles;

/// <summary>The coarse engine of a vehicle (SPEC §3/§7): a list, so the public mini-check never shows free text or numbers.</summary>
public enum EngineType { Benzin, Diesel, Hybrid, PluginHybrid, Elektro, Gas, Wasserstoff, Sonstiges }

/// <summary>The coarse drive of a vehicle.</summary>
public enum DriveLayout { Front, Heck, Allrad }

public static class EngineDriveTexts
{
    public static string Engine(EngineType e) => e switch
    {
        EngineType.PluginHybrid => "Plug-in-Hybrid",
        _ => e.ToString(),
    };

    public static string Drive(DriveLayout d) => d switch
    {
        DriveLayout.Front => "Frontantrieb",
        DriveLayout.Heck => "Heckantrieb",
        _ => "Allrad",
    };

    /// <summary>„Diesel, Allrad“, „Elektro“, „Heckantrieb“ or null when neither is known.</summary>
    public static string? Coarse(EngineType? engine, DriveLayout? drive) => (engine, drive) switch
    {
        (null, null) => null,
        ({ } e, null) => Engine(e),
        (null, { } d) => Drive(d),
        ({ } e, { } d) => $"{Engine(e)}, {Drive(d)}",
    };

    /// <summary>
    /// The closest coarse value for a free text typed before issue 22 („2.0 TDI 110 kW“ → Diesel, „Quattro Benziner“ →
    /// Benzin + Allrad). Text that names no engine becomes Sonstiges; the drive stays unknown unless named.
    /// </summary>
    public static (EngineType Engine, DriveLayout? Drive) Classify(string text)
    {
        var lower = text.ToLowerInvariant();
        var words = lower.Split(Separators, StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        bool Any(params string[] keys) => keys.Any(k => k.Contains(' ', StringComparison.Ordinal) || k.Contains('-', StringComparison.Ordinal)
            ? lower.Contains(k, StringComparison.Ordinal)
            : words.Contains(k) || words.Any(w => w.StartsWith(k, StringComparison.Ordinal) && k.Length >= 5));
        EngineType engine =
            Any("plug-in", "plugin", "phev", "steckdosenhybrid") ? EngineType.PluginHybrid
            : Any("hybrid", "hev", "mhev", "mildhybrid") ? EngineType.Hybrid
            : Any("wasserstoff", "brennstoffzelle", "h2", "fcev", "hydrogen") ? EngineType.Wasserstoff
            : Any("elektro", "elektrisch", "electric", "ev", "bev", "e-motor", "e-auto", "strom") ? EngineType.Elektro
            : Any("gas", "lpg", "cng", "autogas", "erdgas", "flüssiggas") ? EngineType.Gas
            : Any("diesel", "tdi", "cdi", "hdi", "dci", "crdi", "tdci", "sdi", "jtd", "jtdm", "bluehdi", "multijet", "d4d", "bluetec", "selbstzünder")
                ? EngineType.Diesel
            : Any("benzin", "benziner", "otto", "ottomotor", "tsi", "tfsi", "fsi", "gti", "super", "petrol", "vtec", "vergaser", "kompressor")
                ? EngineType.Benzin
            : EngineType.Sonstiges;
        DriveLayout? drive =
            Any("allrad", "4x4", "4wd", "awd", "quattro", "4motion", "xdrive", "4matic", "syncro", "allradantrieb") ? DriveLayout.Allrad
            : Any("heck", "heckantrieb", "rwd", "hinterrad", "hinterradantrieb") ? DriveLayout.Heck
            : Any("front", "frontantrieb", "fwd", "vorderrad", "vorderradantrieb") ? DriveLayout.Front
            : null;
        return (engine, drive);
    }

    private static readonly char[] Separators = [' ', ',', ';', '/', '.', '(', ')', '+', '|', '\t', ':', '-'];
}
