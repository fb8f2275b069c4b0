using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Security;

/// <summary>
/// Real objects of one owner for the sweeps, keyed by route parameter name: a shared vehicle with entries, a document,
/// a finished export with its file, a maintenance reminder and the owner's calendar feed. A sweep that visits a page with these ids expects the page, never a 404.
/// </summary>
public static class SweepSeed
{
    public static async Task<IReadOnlyDictionary<string, string>> OwnerObjectsAsync(LtcFactory factory, string ownerEmail, int entries = 3)
    {
        var (vehicleId, entryId) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, ownerEmail, entries);
        var documentId = await DocumentSeed.CreateDocumentAsync(factory, vehicleId, entryId);
        // The Galerie in every state (a preview, a placeholder, a type icon), so the sweeps and axe see the grid (ADR 0022).
        await LifeTimeCircle.Tests.Fahrzeuge.Galerie.GallerySeed.PicturesAsync(factory, vehicleId);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<ExportStorage>();
        var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
        vehicle.EnableShare();
        var now = factory.Clock.GetUtcNow();
        var job = new ExportJob(ExportType.Wartungsstand, vehicle.Id, vehicle.OwnerId,
            scope.ServiceProvider.GetRequiredService<PublicUrls>().Base, 1, now);
        job.Claim(now);
        var stored = await storage.SaveAsync(job.PublicId, encrypt: false,
            s => s.WriteAsync("%PDF-1.4\n% Wartungsstand\n%%EOF\n"u8.ToArray()).AsTask(), CancellationToken.None);
        job.Succeed(stored.FileKey, stored.Size, stored.Sha256, encrypted: false, now);
        db.ExportJobs.Add(job);
        var reminder = new LifeTimeCircle.Domain.Reminders.Reminder(vehicle.Id, LifeTimeCircle.Domain.Reminders.ReminderItem.HuAu, null,
            LifeTimeCircle.Domain.Vehicles.EntryCategory.HuAu, null, null, 24, null, 30, 1000, new DateOnly(2026, 11, 28), now);
        db.Reminders.Add(reminder);
        // A checked import (issue 18) with one report line, so the run page and its report download have a real id.
        var importRun = new LifeTimeCircle.Domain.Imports.ImportRun(vehicle.OwnerId, vehicle.Id, null!, 100, LifeTimeCircle.Domain.Imports.OdometerUnit.Km, now);
        importRun.Checked(new LifeTimeCircle.Domain.Imports.ImportFormat("UTF-8", ';', LifeTimeCircle.Domain.Imports.NumberStyle.Deutsch,
            LifeTimeCircle.Domain.Imports.DateStyle.TagMonatJahr, false), 2, 1, 1, 0, now);
        db.ImportRuns.Add(importRun);
        // A damage event in the Unfall-Trust folder (ADR 0023) with the seeded document linked as its repair invoice.
        var damage = new LifeTimeCircle.Domain.Vehicles.DamageEvent(vehicle.Id, new DateOnly(2024, 3, 14), "Stoßfänger hinten", "Karosserie Schmidt",
            new DateOnly(2026, 11, 28), now);
        vehicle.OpenAccidentFolder(now);
        db.DamageEvents.Add(damage);
        await db.SaveChangesAsync();
        db.DamageEvidence.Add(new LifeTimeCircle.Domain.Vehicles.DamageEvidence(vehicle.Id, damage.Id,
            await db.Documents.Where(d => d.PublicId == documentId).Select(d => d.Id).SingleAsync(), LifeTimeCircle.Domain.Vehicles.DamageEvidenceRole.Reparaturrechnung, now));
        // The Restauration-Trust folder activated on the vehicle (ADR 0023 §3) with one stage: a milestone, the seeded document as
        // evidence and a gallery picture as before and after photo, so the sweeps reach the stage pages and the story.
        var addon = new LifeTimeCircle.Domain.Addons.VehicleAddon(vehicle.Id, LifeTimeCircle.Domain.Addons.AddonKeys.Restauration);
        addon.Enable(now);
        db.VehicleAddons.Add(addon);
        var stage = new LifeTimeCircle.Domain.Vehicles.RestorationStage(vehicle.Id, LifeTimeCircle.Domain.Addons.AddonKeys.Restauration, now);
        stage.Update(LifeTimeCircle.Domain.Vehicles.StageKind.Karosserie, null, new DateOnly(2023, 3, 1), new DateOnly(2023, 6, 30), "Karosseriebau Weber",
            "Schweller und Radläufe neu aufgebaut.", 425050, new DateOnly(2026, 11, 28), now);
        db.RestorationStages.Add(stage);
        await db.SaveChangesAsync();
        db.StageMilestones.Add(new LifeTimeCircle.Domain.Vehicles.StageMilestone(stage.Id, new DateOnly(2023, 4, 1), "Karosserie entlackt", new DateOnly(2026, 11, 28), now));
        db.StageEvidence.Add(new LifeTimeCircle.Domain.Vehicles.StageEvidence(vehicle.Id, stage.Id,
            await db.Documents.Where(d => d.PublicId == documentId).Select(d => d.Id).SingleAsync(), LifeTimeCircle.Domain.Vehicles.StageEvidenceRole.Nachweis, now));
        var picture = await db.Documents.Where(d => d.VehicleId == vehicle.Id && d.ContentType.StartsWith("image/")).Select(d => (long?)d.Id).FirstOrDefaultAsync();
        if (picture is { } pictureId)
        {
            db.StageEvidence.Add(new LifeTimeCircle.Domain.Vehicles.StageEvidence(vehicle.Id, stage.Id, pictureId, LifeTimeCircle.Domain.Vehicles.StageEvidenceRole.FotoVorher, now));
        }
        // A checked multi-vehicle import (route value lauf) with a vehicle per outcome and a report line.
        var multiRun = new LifeTimeCircle.Domain.Imports.ImportRun(vehicle.OwnerId, null, null!, 100, LifeTimeCircle.Domain.Imports.OdometerUnit.Km, now);
        multiRun.Checked(new LifeTimeCircle.Domain.Imports.ImportFormat("UTF-8", ';', LifeTimeCircle.Domain.Imports.NumberStyle.Deutsch,
            LifeTimeCircle.Domain.Imports.DateStyle.TagMonatJahr, false), 3, 2, 1, 0, now, planRemaining: 1);
        db.ImportRuns.Add(multiRun);
        await db.SaveChangesAsync();
        db.ImportGroups.Add(new LifeTimeCircle.Domain.Imports.ImportGroup(multiRun.Id, 2, vehicle.VinMasked, LifeTimeCircle.Domain.Imports.GroupOutcome.Eigenes, null, null, null, 1, 1, vehicle.Id));
        db.ImportGroups.Add(new LifeTimeCircle.Domain.Imports.ImportGroup(multiRun.Id, 3, "WDB***0001", LifeTimeCircle.Domain.Imports.GroupOutcome.Neu, null, "Mercedes-Benz", "W123", 1, 1, null));
        db.ImportGroups.Add(new LifeTimeCircle.Domain.Imports.ImportGroup(multiRun.Id, 4, "ZFA***0002", LifeTimeCircle.Domain.Imports.GroupOutcome.Tarif,
            LifeTimeCircle.Infrastructure.Imports.MultiVehicleImport.PaywallMessage, "Fiat", "500", 1, 1, null));
        db.ImportIssues.Add(new LifeTimeCircle.Domain.Imports.ImportIssue(multiRun.Id, 4, LifeTimeCircle.Domain.Imports.IssueSeverity.Fehler, "FIN",
            LifeTimeCircle.Infrastructure.Imports.MultiVehicleImport.PaywallMessage, "ZFA***0002"));
        db.ImportIssues.Add(new LifeTimeCircle.Domain.Imports.ImportIssue(importRun.Id, 3, LifeTimeCircle.Domain.Imports.IssueSeverity.Fehler, "Datum",
            "Das Datum ist nicht lesbar (erwartet z. B. 14.05.2024 oder 2024-05-14).", "=31.02.2020"));
        await db.SaveChangesAsync();
        // Blog and news: published under one slug in both kinds, and an article on the editorial desk (the owner is its
        // author here; moderator sweeps add their own with LifeTimeCircle.Tests.Redaktion.ArticleSeed.WithArticlesAsync).
        var articles = await LifeTimeCircle.Tests.Redaktion.ArticleSeed.WithArticlesAsync(factory, new Dictionary<string, string>(), ownerEmail);
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["artikel"] = articles["artikel"], ["articleId"] = articles["articleId"], ["imageId"] = articles["imageId"],
            ["id"] = vehicleId, ["entryId"] = entryId, ["docId"] = documentId, ["jobId"] = job.PublicId, ["token"] = vehicle.ShareToken!,
            ["reminderId"] = reminder.PublicId, ["run"] = importRun.PublicId, ["lauf"] = multiRun.PublicId, ["schadenId"] = damage.PublicId,
            ["ordner"] = LifeTimeCircle.Domain.Addons.AddonKeys.Restauration, ["etappeId"] = stage.PublicId,
            ["feedToken"] = (await scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Reminders.CalendarFeeds>()
                .CreateAsync(vehicle.OwnerId, CancellationToken.None)).Token,
            ["unsubscribeToken"] = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Notifications.UnsubscribeTokens>()
                .Create(vehicle.OwnerId, [LifeTimeCircle.Domain.Notifications.NotificationCategory.Reminder]),
            ["requestId"] = await SupportRequestAsync(factory, vehicle.OwnerId),
            ["cancelToken"] = await PendingDeletionAsync(db, scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.LtcEnvironment>(), vehicle.OwnerId, now),
        };
    }

    /// <summary>
    /// A support request of the account (issue 19 item 3) with an operator's reply and a follow-up, so the thread pages
    /// (owner and admin inbox) have a real id and show every kind of message. Returns its public id (route value requestId).
    /// </summary>
    public static async Task<string> SupportRequestAsync(LtcFactory factory, string userId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = factory.Clock.GetUtcNow();
        var request = new LifeTimeCircle.Domain.Support.SupportRequest(userId, LifeTimeCircle.Domain.Support.SupportTopic.Fehler,
            "Der Export bleibt hängen.\nSeit gestern.", now);
        db.SupportRequests.Add(request);
        await db.SaveChangesAsync();
        db.SupportMessages.Add(request.Reply("sweep-admin", "Danke, wir sehen es uns an.", now));
        await db.SaveChangesAsync();
        db.SupportMessages.Add(request.FollowUp(userId, "Jetzt geht es wieder.", now));
        await db.SaveChangesAsync();
        return request.PublicId;
    }

    /// <summary>A pending account deletion of the owner (the profile shows it; the mail's cancel page needs its token).</summary>
    private static async Task<string> PendingDeletionAsync(AppDbContext db, LifeTimeCircle.Infrastructure.LtcEnvironment env, string ownerId, DateTimeOffset now)
    {
        var token = LifeTimeCircle.Domain.Vehicles.PublicIds.New();
        // Seeded twice for one owner: the new token replaces the old request.
        await db.AccountDeletions.Where(d => d.UserId == ownerId).ExecuteDeleteAsync();
        db.AccountDeletions.Add(new LifeTimeCircle.Domain.Accounts.AccountDeletion(ownerId,
            LifeTimeCircle.Infrastructure.Accounts.AccountDeletions.HashToken(env, token), now));
        await db.SaveChangesAsync();
        return token;
    }

    /// <summary>
    /// The owner's ids plus those a workshop needs: an approved business (<paramref name="businessEmail"/>, role dealer) with
    /// a profile and an active grant on the owner's vehicle (<c>grantId</c>) and one proposal waiting in the owner's inbox.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> WithWorkshopAsync(LtcFactory factory, IReadOnlyDictionary<string, string> ownerIds, string businessEmail)
    {
        var (grantId, _) = await LifeTimeCircle.Tests.Betrieb.WorkshopSeed.GrantedBusinessAsync(factory, ownerIds["id"], businessEmail, "Sweep-Werkstatt " + businessEmail);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var grant = await db.WorkshopGrants.SingleAsync(g => g.PublicId == grantId);
        var today = LifeTimeCircle.Web.Display.BerlinDate(factory.Clock.GetUtcNow());
        db.WorkshopProposals.Add(new LifeTimeCircle.Domain.Workshops.WorkshopProposal(grant.VehicleId, grant.BusinessId, grant.Id, grant.GrantedBy,
            new LifeTimeCircle.Domain.Workshops.ProposalValues(today, LifeTimeCircle.Domain.Vehicles.EntryCategory.Inspektion, 2000, "Inspektion nach Plan.", 19990),
            factory.Clock.GetUtcNow(), today));
        // An open intake session of the business on that vehicle (issue 17).
        var session = new LifeTimeCircle.Domain.Workshops.IntakeSession(grant.BusinessId, grant.Id, grant.VehicleId, "S-1", grant.GrantedBy, factory.Clock.GetUtcNow());
        db.IntakeSessions.Add(session);
        await db.SaveChangesAsync();
        db.IntakeItems.Add(new LifeTimeCircle.Domain.Workshops.IntakeItem(session.Id, LifeTimeCircle.Domain.Workshops.IntakeItemKind.Mangel, "Bremsbeläge vorne",
            null, LifeTimeCircle.Domain.Workshops.IntakeSeverity.Hoch, LifeTimeCircle.Domain.Vehicles.PublicIds.New(), grant.GrantedBy, factory.Clock.GetUtcNow()));
        var advice = new LifeTimeCircle.Domain.Workshops.IntakeItem(session.Id, LifeTimeCircle.Domain.Workshops.IntakeItemKind.Empfehlung, "Wischerblätter erneuern",
            "Schlieren auf der Frontscheibe", LifeTimeCircle.Domain.Workshops.IntakeSeverity.Niedrig, LifeTimeCircle.Domain.Vehicles.PublicIds.New(), grant.GrantedBy, factory.Clock.GetUtcNow());
        db.IntakeItems.Add(advice);
        await db.SaveChangesAsync();
        var recommendation = new LifeTimeCircle.Domain.Workshops.WorkshopRecommendation(session, advice, factory.Clock.GetUtcNow());
        db.WorkshopRecommendations.Add(recommendation);
        var log = new LifeTimeCircle.Domain.Workshops.SystemLogEvent(grant.VehicleId, grant.BusinessId, grant.Id, session.Id,
            new LifeTimeCircle.Domain.Workshops.SystemLogValues(LifeTimeCircle.Domain.Workshops.SystemLogKind.ObdAuslesung, 2000, "P0301", null, null, "Zündaussetzer Zylinder 1"), null,
            LifeTimeCircle.Domain.Vehicles.PublicIds.New(), grant.GrantedBy, factory.Clock.GetUtcNow());
        db.SystemLogEvents.Add(log);
        await db.SaveChangesAsync();
        return new Dictionary<string, string>(ownerIds, StringComparer.OrdinalIgnoreCase)
        {
            ["grantId"] = grantId, ["sessionId"] = session.PublicId, ["recommendationId"] = recommendation.PublicId, ["logId"] = log.PublicId,
        };
    }
}
