using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using Document = LifeTimeCircle.Domain.Documents.Document;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

/// <summary>The one "valid evidence" expression: the in-memory rule and its SQL translation agree on every state.</summary>
public sealed class ValidEvidenceRulesTests(LtcFactory app) : IClassFixture<LtcFactory>
{
    private static void Set<T>(Document d, string property, T value) => typeof(Document).GetProperty(property)!.SetValue(d, value);

    [Fact]
    public async Task The_database_and_the_entity_agree_on_which_documents_are_valid_evidence()
    {
        await app.CreateUserAsync("beweis@example.de", Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, "beweis@example.de", 0);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        var now = app.Clock.GetUtcNow();
        var expected = new HashSet<string>();
        foreach (var approval in Enum.GetValues<ApprovalState>())
        foreach (var scan in Enum.GetValues<ScanState>())
        foreach (var pii in Enum.GetValues<PiiState>())
        foreach (var deleted in new[] { false, true })
        {
            var d = new Document(vehicle.Id, null, DocumentKind.Rechnung, "application/pdf", Guid.NewGuid().ToString("N"), new string('a', 64), 10,
                "x.pdf", vehicle.OwnerId, now);
            Set(d, nameof(Document.Approval), approval);
            Set(d, nameof(Document.Scan), scan);
            Set(d, nameof(Document.Pii), pii);
            if (deleted) d.SoftDelete("Test", now);
            db.Documents.Add(d);
            if (approval == ApprovalState.Approved && scan == ScanState.Clean && pii == PiiState.Ok && !deleted) expected.Add(d.PublicId);
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var all = await db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicle.Id).ToListAsync();
        var fromSql = await db.Documents.AsNoTracking().Where(d => d.VehicleId == vehicle.Id).Where(Document.ValidEvidence).Select(d => d.PublicId).ToListAsync();
        var inMemory = all.Where(d => d.IsValidEvidence).Select(d => d.PublicId).ToList();

        Assert.Equal(72, all.Count);
        Assert.Equal(expected.Order(), fromSql.Order());
        Assert.Equal(expected.Order(), inMemory.Order());
    }
}
