using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge;

/// <summary>
/// The stored Trust-Ampel summary (issue 13) equals a fresh evaluation after every kind of write that can change it:
/// a new vehicle, entries and corrections, documents (upload, scan, approval, rejection, PII, deletion), odometer
/// flags, accident status and service book, the handover to another owner. Each step also checks that the light
/// really changed where it should, so the test fails if the summary were never written again.
/// </summary>
public sealed class TrustSummaryTests(LtcFactory app) : IClassFixture<LtcFactory>
{
    private async Task<T> Db<T>(Func<AppDbContext, Task<T>> action) => await app.WithDbAsync(action);

    private async Task<TrustSummary> StoredAsync(long vehicleId) =>
        await Db(db => db.TrustSummaries.AsNoTracking().SingleAsync(s => s.VehicleId == vehicleId));

    private async Task StepAsync(long vehicleId, Func<AppDbContext, Task> write, TrustLight expected, string? reason = null)
    {
        await Db(async db =>
        {
            await write(db);
            await db.SaveChangesAsync();
            return 0;
        });
        await TrustSummaryCheck.AssertConsistentAsync(app.Services);
        var stored = await StoredAsync(vehicleId);
        Assert.Equal(expected, stored.Light);
        if (reason is not null) Assert.Contains(reason, stored.Reasons.Split(' '));
    }

    [Fact]
    public async Task Every_kind_of_write_keeps_the_stored_summary_equal_to_a_fresh_evaluation()
    {
        var owner = await app.CreateUserAsync("trust-summary@example.de", Roles.Vip);
        var buyer = await app.CreateUserAsync("trust-summary-kaeufer@example.de", Roles.Vip);
        var (publicId, firstGroup) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, owner.Email!, 3);
        var id = await Db(db => db.Vehicles.Where(v => v.PublicId == publicId).Select(v => v.Id).SingleAsync());
        await TrustSummaryCheck.AssertConsistentAsync(app.Services);
        var now = app.Clock.GetUtcNow();
        var today = new DateOnly(2026, 11, 28);

        // Unfallfrei, no service book, no evidence: T1 only → Gelb.
        Assert.Equal(TrustLight.Gelb, (await StoredAsync(id)).Light);

        // Accident status unknown caps at Orange; back to Unfallfrei with a service book.
        VehicleDetails Details(AccidentStatus a, bool book) => new("Volkswagen", "Golf", 2015, VehicleClass.Alltag, EngineType.Benzin, null, null, null, a, book, null);
        await StepAsync(id, async db => (await db.Vehicles.SingleAsync(v => v.Id == id)).Apply(Details(AccidentStatus.Unbekannt, false), now),
            TrustLight.Orange, TrustEngine.AccidentUnknown.Code);
        await StepAsync(id, async db => (await db.Vehicles.SingleAsync(v => v.Id == id)).Apply(Details(AccidentStatus.Unfallfrei, true), now),
            TrustLight.Gelb, TrustEngine.T3RequiresDocument.Code);

        // A document in quarantine caps at Orange; scanned clean and approved it is evidence of the first entry.
        var docId = await DocumentSeed.CreateDocumentAsync(app, publicId, firstGroup);
        await TrustSummaryCheck.AssertConsistentAsync(app.Services);
        Assert.Equal(TrustLight.Orange, (await StoredAsync(id)).Light);
        await StepAsync(id, async db =>
        {
            var d = await db.Documents.SingleAsync(x => x.PublicId == docId);
            d.ScannedClean(now);
            d.Approve(now);
        }, TrustLight.Gelb, TrustEngine.PublicEvidenceIncomplete.Code);

        // PII suspicion blocks (Rot); cleared by the admin it counts again; rejected and deleted it no longer counts.
        await StepAsync(id, async db => (await db.Documents.SingleAsync(x => x.PublicId == docId)).RaisePiiSuspicion(PiiState.Suspected, null, now),
            TrustLight.Rot, TrustEngine.PiiSuspected.Code);
        await StepAsync(id, async db => (await db.Documents.SingleAsync(x => x.PublicId == docId)).MarkPii(PiiState.Confirmed, null, now),
            TrustLight.Rot, TrustEngine.PiiConfirmed.Code);
        await StepAsync(id, async db => (await db.Documents.SingleAsync(x => x.PublicId == docId)).MarkPii(PiiState.Ok, null, now),
            TrustLight.Gelb, TrustEngine.PublicEvidenceIncomplete.Code);
        await StepAsync(id, async db => (await db.Documents.SingleAsync(x => x.PublicId == docId)).Reject("Unleserlich", now),
            TrustLight.Gelb, TrustEngine.T3RequiresDocument.Code);
        var second = await DocumentSeed.CreateDocumentAsync(app, publicId, firstGroup);
        await StepAsync(id, async db => (await db.Documents.SingleAsync(x => x.PublicId == second)).SoftDelete("Vom Besitzer gelöscht", now),
            TrustLight.Gelb, TrustEngine.T3RequiresDocument.Code);

        // A correction (revision) and an odometer flag, then its confirmation.
        await StepAsync(id, async db =>
        {
            var latest = await db.Entries.SingleAsync(e => e.VehicleId == id && e.GroupId == firstGroup && e.IsLatest);
            db.Entries.Add(latest.Correct(new EntryValues(latest.Date, latest.Category, latest.PerformedBy, null, latest.OdometerKm, null, null, false),
                owner.Id, now, today));
        }, TrustLight.Gelb);
        var flagEntry = await Db(db => db.Entries.Where(e => e.VehicleId == id && e.IsLatest).Select(e => e.Id).FirstAsync());
        await StepAsync(id, db =>
        {
            db.OdometerFlags.Add(new OdometerFlag(id, flagEntry, OdometerFlagKind.LowerThanEarlier, 99_999, today, now));
            return Task.CompletedTask;
        }, TrustLight.Gelb, TrustEngine.OdometerUnresolved.Code);
        await StepAsync(id, async db => (await db.OdometerFlags.SingleAsync(f => f.VehicleId == id)).Confirm(now), TrustLight.Gelb);
        Assert.DoesNotContain(TrustEngine.OdometerUnresolved.Code, (await StoredAsync(id)).Reasons.Split(' '));

        // The handover moves the vehicle with its summary.
        await StepAsync(id, async db => (await db.Vehicles.SingleAsync(v => v.Id == id)).TransferTo(buyer.Id, now), TrustLight.Gelb);
    }

    [Fact]
    public async Task A_missing_or_outdated_summary_is_computed_at_start_and_the_public_page_reads_the_stored_one()
    {
        var owner = await app.CreateUserAsync("trust-summary-start@example.de", Roles.Vip);
        var (publicId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, owner.Email!, 2);
        var id = await Db(db => db.Vehicles.Where(v => v.PublicId == publicId).Select(v => v.Id).SingleAsync());
        await Db(db => db.TrustSummaries.Where(s => s.VehicleId == id).ExecuteDeleteAsync());
        Assert.Contains(id, await Db(db => TrustEvaluation.MissingOrOutdatedAsync(db, CancellationToken.None)));

        await DatabaseSetup.InitializeAsync(app.Services, migrate: false);

        Assert.DoesNotContain(id, await Db(db => TrustEvaluation.MissingOrOutdatedAsync(db, CancellationToken.None)));
        await TrustSummaryCheck.AssertConsistentAsync(app.Services);
    }

    [Fact]
    public async Task The_synchronous_save_refuses_changes_that_would_bypass_the_summary()
    {
        var owner = await app.CreateUserAsync("trust-summary-sync@example.de", Roles.Vip);
        var (publicId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, owner.Email!, 1);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == publicId);
        vehicle.RotateShare();
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
    }
}
