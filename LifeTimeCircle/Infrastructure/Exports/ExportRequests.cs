using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Exports;

/// <summary>
/// Requesting an export (SPEC §8), for a vehicle (tab „Exporte“) or for the account (/Exporte): at most one active
/// job per user, type and vehicle; a vehicle export gets the next version; the row is committed, audited, and the
/// worker woken. Step-up and the confirmation of a renewal are the pages' part.
/// </summary>
public sealed class ExportRequests(AppDbContext db, JobQueue queue, AuditWriter audit, TimeProvider clock, PublicUrls urls)
{
    /// <summary>The job already queued or running for the same request, if any.</summary>
    public Task<ExportJob?> ActiveAsync(string userId, ExportType type, long? vehicleId, CancellationToken ct) =>
        db.ExportJobs.AsNoTracking()
            .Where(j => j.RequestedBy == userId && j.Type == type && j.VehicleId == vehicleId && (j.Status == ExportStatus.Queued || j.Status == ExportStatus.Running))
            .FirstOrDefaultAsync(ct);

    /// <summary>Queues a new job unless one is active; returns the new job, or null when one is already active.</summary>
    public async Task<ExportJob?> RequestAsync(string userId, ExportType type, Vehicle? vehicle, CancellationToken ct)
    {
        if (await ActiveAsync(userId, type, vehicle?.Id, ct) is not null) return null;
        var version = vehicle is null ? 1
            : (await db.ExportJobs.Where(j => j.VehicleId == vehicle.Id && j.Type == type).MaxAsync(j => (int?)j.Version, ct) ?? 0) + 1;
        var job = new ExportJob(type, vehicle?.Id, userId, urls.Base, version, clock.GetUtcNow());
        ExportProcessor.Enqueue(db, queue, job);
        await db.SaveChangesAsync(ct);
        var details = new Dictionary<string, object?> { ["export_type"] = type.ToString() };
        if (vehicle is not null)
        {
            details["vehicle"] = vehicle.PublicId;
            details["version"] = job.Version;
        }
        await audit.WriteAsync(job.NeedsStepUp ? AuditActions.ExportFullRequested : AuditActions.ExportRedactedRequested, "EXPORT_JOB", job.PublicId,
            AuditResult.Success, details, ct: ct);
        queue.Wake();
        return job;
    }

    /// <summary>A sensitive export asked for without a fresh step-up: audited, the page sends the user to confirm.</summary>
    public Task StepUpMissingAsync(string targetType, string targetId, ExportType type, CancellationToken ct) =>
        audit.WriteAsync(AuditActions.ExportDenied, targetType, targetId, AuditResult.Denied,
            new Dictionary<string, object?> { ["export_type"] = type.ToString(), ["reason_code"] = "STEP_UP_REQUIRED" }, ct: ct);
}
