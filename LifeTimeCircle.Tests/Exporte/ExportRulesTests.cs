using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Exporte;

/// <summary>Direct tests of <see cref="ExportRequests"/> and <see cref="ExportDownloads"/>.</summary>
public sealed class ExportRulesTests(ExportFactory app) : IClassFixture<ExportFactory>
{
    private async Task<T> InScopeAsync<TService, T>(Func<TService, AppDbContext, Task<T>> act) where TService : notnull
    {
        using var scope = app.Services.CreateScope();
        return await act(scope.ServiceProvider.GetRequiredService<TService>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A finished full data export with its file on disk and a fresh one-time token; returns the job and the raw token.</summary>
    private async Task<(ExportJob Job, string Token)> FinishedFullExportAsync(string email)
    {
        var user = await app.CreateUserAsync(email, Roles.Vip);
        var storage = app.Services.GetRequiredService<ExportStorage>();
        return await app.WithDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var job = new ExportJob(ExportType.DatenVoll, null, user.Id, "https://lifetimecircle.example", 1, now);
            var key = Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(Path.GetDirectoryName(storage.PathOf(key))!);
            await File.WriteAllTextAsync(storage.PathOf(key), "{\"vin\":\"geheim\"}");
            job.Claim(now);
            job.Succeed(key, 16, new string('0', 64), encrypted: false, now);
            var token = job.IssueToken(now);
            db.ExportJobs.Add(job);
            await db.SaveChangesAsync();
            return (job, token);
        });
    }

    private Task<(TokenOutcome Outcome, string? FileKey)> ConsumeAsync(long jobId, string token) =>
        InScopeAsync<ExportDownloads, (TokenOutcome, string?)>(async (downloads, db) =>
            await downloads.ConsumeTokenAsync(await db.ExportJobs.SingleAsync(j => j.Id == jobId), token, CancellationToken.None));

    [Fact]
    public async Task A_vehicle_export_gets_the_next_version_and_a_second_request_while_it_runs_creates_nothing()
    {
        await app.CreateUserAsync("regel-export@example.de", Roles.Vip);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(app, "regel-export@example.de", 1);
        var vehicle = await app.WithDbAsync(db => db.Vehicles.AsNoTracking().SingleAsync(v => v.PublicId == vehicleId));

        var first = await InScopeAsync<ExportRequests, ExportJob?>((r, _) => r.RequestAsync(vehicle.OwnerId, ExportType.Wartungsstand, vehicle, CancellationToken.None));
        var again = await InScopeAsync<ExportRequests, ExportJob?>((r, _) => r.RequestAsync(vehicle.OwnerId, ExportType.Wartungsstand, vehicle, CancellationToken.None));
        var other = await InScopeAsync<ExportRequests, ExportJob?>((r, _) => r.RequestAsync(vehicle.OwnerId, ExportType.TrustZertifikat, vehicle, CancellationToken.None));

        Assert.Equal(1, first!.Version);
        Assert.Null(again);
        Assert.Equal(1, other!.Version);
        Assert.Equal(2, await app.WithDbAsync(db => db.ExportJobs.CountAsync(j => j.VehicleId == vehicle.Id)));
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.TargetId == first.PublicId && a.Action == AuditActions.ExportRedactedRequested)));

        await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app.Services, ExportProcessor.Kind);
        var renewed = await InScopeAsync<ExportRequests, ExportJob?>((r, _) => r.RequestAsync(vehicle.OwnerId, ExportType.Wartungsstand, vehicle, CancellationToken.None));
        Assert.Equal(2, renewed!.Version);
    }

    [Fact]
    public async Task Two_simultaneous_consumptions_of_one_token_hand_out_the_file_once()
    {
        var (job, token) = await FinishedFullExportAsync("regel-doppelt@example.de");

        var results = await Task.WhenAll(ConsumeAsync(job.Id, token), ConsumeAsync(job.Id, token));

        Assert.Equal([TokenOutcome.Consumed, TokenOutcome.Denied], results.Select(r => r.Outcome).Order());
        Assert.Equal(job.FileKey, results.Single(r => r.Outcome == TokenOutcome.Consumed).FileKey);
        var stored = await app.WithDbAsync(db => db.ExportJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id));
        Assert.Equal((app.Clock.GetUtcNow(), (string?)null, (string?)null), (stored.DownloadedAt!.Value, stored.TokenHash, stored.FileKey));
        Assert.Equal(TokenOutcome.Denied, (await ConsumeAsync(job.Id, token)).Outcome);
        var audit = await app.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == job.PublicId).Select(a => a.Action).ToListAsync());
        Assert.Single(audit, AuditActions.ExportDownloaded);
        Assert.Equal(2, audit.Count(a => a == AuditActions.ExportDenied));
    }

    [Fact]
    public async Task A_wrong_or_expired_token_is_refused_and_a_missing_file_expires_the_export()
    {
        var (job, token) = await FinishedFullExportAsync("regel-falsch@example.de");
        Assert.Equal(TokenOutcome.Denied, (await ConsumeAsync(job.Id, "falsch")).Outcome);
        app.Clock.Advance(ExportJob.TokenLifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(TokenOutcome.Denied, (await ConsumeAsync(job.Id, token)).Outcome);

        var (gone, goneToken) = await FinishedFullExportAsync("regel-weg@example.de");
        File.Delete(app.Services.GetRequiredService<ExportStorage>().PathOf(gone.FileKey!));
        Assert.Equal(TokenOutcome.FileMissing, (await ConsumeAsync(gone.Id, goneToken)).Outcome);
        Assert.Equal(ExportStatus.Expired, await app.WithDbAsync(db => db.ExportJobs.Where(j => j.Id == gone.Id).Select(j => j.Status).SingleAsync()));
    }

    [Fact]
    public void Every_export_type_has_a_download_name_without_a_path() =>
        Assert.All(Enum.GetValues<ExportType>(), t =>
            Assert.Matches("^[A-Za-z0-9.-]+$", ExportDownloads.FileName(new ExportJob(t, null, "u", "https://x", 3, DateTimeOffset.UnixEpoch))));
}
