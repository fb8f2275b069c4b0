using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Domain.Workshops;
using LifeTimeCircle.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Infrastructure.Workshops;

/// <summary>The outcome of typing a walk-in's link code: the business the vehicle was linked with, or the German refusal.</summary>
public sealed record WalkInLinkOutcome(Business? Business, string? Refusal);

/// <summary>
/// Links a walk-in intake to the owner's vehicle (ADR 0019 item 10). Staff hand the session's link code to the customer at
/// the counter; the owner types it on the vehicle. It fits only an open, unlinked walk-in whose VIN is this vehicle's and
/// whose business may still act — a VIN registered by someone reading it through the windscreen is not enough, the code
/// proves the person stood at the counter. The owner grants the business (a new grant for it replaces a running one, as on
/// „Werkstatt berechtigen“) and the session becomes a normal session of that grant. Every failure gets the same answer.
/// </summary>
public sealed class WalkInLinks(AppDbContext db, WorkshopGrants grants, AuditWriter audit)
{
    public const string RefusedMessage =
        "Dieser Annahme-Code passt zu keiner offenen Annahme für dieses Fahrzeug. Bitte prüfen Sie den Code und ob Sie das richtige Fahrzeug gewählt haben.";

    public async Task<WalkInLinkOutcome> LinkAsync(Vehicle vehicle, string? codeText, string customerName, GrantDuration duration, bool mayUploadInvoices,
        string ownerId, CancellationToken ct)
    {
        var code = IntakeLinkCode.Normalize(codeText);
        var dealers = ActiveDealers.Of(db);
        var session = code is null ? null : await db.IntakeSessions.AsNoTracking()
            .Where(s => s.LinkCode == code && s.State == IntakeState.Offen && s.GrantId == null && s.WalkInVinHmac == vehicle.VinHmac)
            .Where(s => db.Businesses.Any(b => b.Id == s.BusinessId && dealers.Contains(b.OwnerUserId)))
            .SingleOrDefaultAsync(ct);
        if (session is null)
        {
            await audit.WriteAsync(AuditActions.IntakeLinkRefused, "VEHICLE", vehicle.PublicId, AuditResult.Denied,
                new Dictionary<string, object?> { ["reason_code"] = code is null ? "FORMAT" : "NO_MATCH" }, ct: CancellationToken.None);
            return new WalkInLinkOutcome(null, RefusedMessage);
        }
        var business = await db.Businesses.AsNoTracking().SingleAsync(b => b.Id == session.BusinessId, ct);
        // One write transaction (SQLite: BEGIN IMMEDIATE): a double submit or a second tab waits here and then finds the session
        // linked; a close that came first leaves nothing to link — no grant is made then, and no grant ever points a session at
        // a grant the next request revoked (security review 2026-12-03).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await db.IntakeSessions.AsNoTracking().Where(s => s.Id == session.Id).Select(s => new { s.State, s.GrantId, s.VehicleId, s.LinkCode }).SingleOrDefaultAsync(ct);
        if (current is null || current.State != IntakeState.Offen || current.GrantId is not null || current.LinkCode != code)
        {
            await tx.RollbackAsync(CancellationToken.None);
            // The same owner's second submit of the same code: already linked to this vehicle.
            return current is { GrantId: not null } && current.VehicleId == vehicle.Id ? new WalkInLinkOutcome(business, null) : new WalkInLinkOutcome(null, RefusedMessage);
        }
        var grant = await grants.GrantAsync(vehicle, business, customerName, duration, mayUploadInvoices, ownerId, ct);
        await db.IntakeSessions.Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.GrantId, grant.Id).SetProperty(x => x.VehicleId, vehicle.Id)
                .SetProperty(x => x.WalkInVinHmac, (string?)null).SetProperty(x => x.WalkInVinCipher, (string?)null).SetProperty(x => x.LinkCode, (string?)null), ct);
        await tx.CommitAsync(CancellationToken.None);
        await audit.WriteAsync(AuditActions.IntakeLinked, "VEHICLE", vehicle.PublicId, AuditResult.Success,
            new Dictionary<string, object?> { ["business"] = business.PublicId, ["grant"] = grant.PublicId, ["session"] = session.PublicId }, ct: CancellationToken.None);
        return new WalkInLinkOutcome(business, null);
    }
}
