namespace LifeTimeCircle.Domain.Trust;

/// <summary>
/// The stored result of <see cref="TrustEngine.Evaluate"/> for one vehicle (issue 13): the light and the reason codes in
/// the engine's order, so that the public mini-check and the Fahrzeugakte read it with one indexed lookup instead of
/// evaluating every entry and document per view. It is written in the same transaction as every change that can alter
/// it (AppDbContext.SaveChangesAsync recomputes the summaries of the vehicles it touched), and rows of an older
/// <see cref="CurrentEngineVersion"/> are recomputed at start. The hint is not stored: it follows from the first code.
/// </summary>
public sealed class TrustSummary
{
    /// <summary>Raise when the engine's rules or inputs change: every stored summary is then recomputed at start.</summary>
    public const int CurrentEngineVersion = 2; // 2: accident trust from the Unfall-Trust folder (ADR 0023)

    private TrustSummary() { }

    public TrustSummary(long vehicleId, TrustResult result)
    {
        VehicleId = vehicleId;
        Update(result);
    }

    public long VehicleId { get; private set; }
    public TrustLight Light { get; private set; }

    /// <summary>Reason codes in the engine's order (priority, then code), separated by spaces; empty for Grün.</summary>
    public string Reasons { get; private set; } = "";

    public int EngineVersion { get; private set; }

    /// <summary>The reason codes the owner was last notified about (accident trust, to-dos from Gelb); null = never.</summary>
    public string? NotifiedReasons { get; private set; }

    /// <summary>Codes in <see cref="Reasons"/> that were not in the last notification; records the current ones.</summary>
    public IReadOnlyList<string> TakeNewReasons()
    {
        var before = (NotifiedReasons ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var fresh = Reasons.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => !before.Contains(c)).ToList();
        NotifiedReasons = Reasons;
        return fresh;
    }

    public void Update(TrustResult result)
    {
        Light = result.Light;
        Reasons = string.Join(' ', result.Reasons.Select(r => r.Code));
        EngineVersion = CurrentEngineVersion;
    }

    /// <summary>The engine's result rebuilt from the stored codes (light, hint of the first reason, reasons).</summary>
    public TrustResult ToResult() => ToResult(Light, Reasons);

    public static TrustResult ToResult(TrustLight light, string reasons)
    {
        var list = reasons.Length == 0
            ? []
            : reasons.Split(' ').Select(code => TrustEngine.Catalog.FirstOrDefault(r => r.Code == code)
                ?? throw new InvalidOperationException("Unbekannter Trust-Code in der gespeicherten Zusammenfassung.")).ToList();
        return new TrustResult(light, list.Count == 0 ? TrustEngine.GreenHint : list[0].Hint, list);
    }
}
