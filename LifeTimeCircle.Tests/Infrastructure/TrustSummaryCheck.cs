using LifeTimeCircle.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Infrastructure;

/// <summary>
/// The invariant of the stored Trust-Ampel summaries (issue 13): for every vehicle the stored row equals the engine's
/// result computed from scratch over all entries, documents, flags and the accident status. Checked by
/// <c>TrustSummaryTests</c> after each kind of write and by every <see cref="LtcFactory"/> when it is disposed, so each
/// integration test that writes through the real pages checks it too.
/// </summary>
public static class TrustSummaryCheck
{
    public static async Task<List<string>> MismatchesAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = await db.Vehicles.AsNoTracking().Select(v => v.Id).ToListAsync();
        var fresh = await TrustEvaluation.ComputeAsync(db, ids, CancellationToken.None);
        var stored = await db.TrustSummaries.AsNoTracking().ToDictionaryAsync(s => s.VehicleId);
        var problems = new List<string>();
        foreach (var id in ids)
        {
            var expected = fresh[id];
            if (!stored.TryGetValue(id, out var s))
            {
                problems.Add($"Fahrzeug {id}: keine gespeicherte Zusammenfassung (erwartet {expected.Light})");
                continue;
            }
            var actual = s.ToResult();
            var expectedCodes = string.Join(' ', expected.Reasons.Select(r => r.Code));
            if (actual.Light != expected.Light || actual.Hint != expected.Hint || s.Reasons != expectedCodes)
            {
                problems.Add($"Fahrzeug {id}: gespeichert {actual.Light} [{s.Reasons}], neu berechnet {expected.Light} [{expectedCodes}]");
            }
        }
        foreach (var orphan in stored.Keys.Except(ids)) problems.Add($"Zusammenfassung ohne Fahrzeug: {orphan}");
        return problems;
    }

    public static async Task AssertConsistentAsync(IServiceProvider services)
    {
        var problems = await MismatchesAsync(services);
        Xunit.Assert.True(problems.Count == 0, "Gespeicherte Trust-Zusammenfassung weicht ab:\n" + string.Join('\n', problems));
    }
}
