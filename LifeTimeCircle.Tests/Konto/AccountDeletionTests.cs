using System.Net;
using System.Text.RegularExpressions;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Accounts;
using LifeTimeCircle.Infrastructure.Accounts;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Konto;

/// <summary>Issue 19 item 2: account deletion with grace period, cancel link by mail, the job that deletes, and re-registration.</summary>
public sealed partial class AccountDeletionTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<int> CompleteDueAsync()
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AccountDeletions>().CompleteDueAsync(CancellationToken.None);
    }

    private static async Task<HttpResponseMessage> AskAsync(HttpClient client, bool confirm = true, string password = TestData.Password)
    {
        var (_, page) = await Html.GetAsync(client, "/Profil/KontoLoeschen");
        var values = new Dictionary<string, string> { ["Input.Password"] = password };
        if (confirm) values["Input.Confirm"] = "true";
        return await Html.SubmitAsync(client, page, values, "main form[method=post]:not([action*='handler='])");
    }

    private async Task<string> CancelPathAsync(string email)
    {
        var mail = (await Outbox.MessagesToAsync(factory, email)).Last(m => m.Subject!.StartsWith("Ihr Konto wird gelöscht", StringComparison.Ordinal));
        return new Uri(CancelLink().Match(mail.TextBody!).Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/konto-loeschung/[A-Za-z0-9_-]{22}")]
    private static partial Regex CancelLink();

    [Fact]
    public async Task Deletion_needs_the_password_and_is_cancelled_once_from_the_mail_link_without_signing_in()
    {
        const string email = "loeschen-abbruch@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        var (_, page) = await Html.GetAsync(client, "/Profil/KontoLoeschen");
        var text = Html.Text(page);
        Assert.Contains("Golf", text);
        Assert.Contains("wird gelöscht", text);
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/Fahrzeuge/{vehicleId}/Uebergabe");

        var unconfirmed = await AskAsync(client, confirm: false);
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Bitte bestätigen Sie", Html.Text(await Html.ParseAsync(unconfirmed)));
        var wrong = await AskAsync(client, password: "falsches-passwort-123");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Das Passwort ist falsch.", Html.Text(await Html.ParseAsync(wrong)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccountDeletions.CountAsync(d => d.UserId == userId)));

        Html.AssertRedirect(await AskAsync(client), "/Profil/KontoLoeschen");
        var request = await factory.WithDbAsync(db => db.AccountDeletions.SingleAsync(d => d.UserId == userId));
        Assert.Equal(factory.Clock.GetUtcNow() + TimeSpan.FromDays(14), request.DueAt);
        var (_, profile) = await Html.GetAsync(client, "/Profil");
        Assert.Contains("Die Löschung Ihres Kontos ist beantragt", Html.Text(profile));
        var (_, pending) = await Html.GetAsync(client, "/Profil/KontoLoeschen");
        Assert.Contains("Löschung abbrechen", Html.Text(pending));
        Assert.Null(pending.QuerySelector("input[name='Input.Password']"));

        var path = await CancelPathAsync(email);
        var stranger = factory.CreateBrowserClient();
        var (shown, confirmPage) = await Html.GetAsync(stranger, path);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AccountDeletions.CountAsync(d => d.UserId == userId))); // GET changes nothing
        var cancelled = await Html.SubmitAsync(stranger, confirmPage, new Dictionary<string, string>(), "main form[method=post]");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains("Die Löschung ist abgebrochen", Html.Text(await Html.ParseAsync(cancelled)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccountDeletions.CountAsync(d => d.UserId == userId)));

        // Single use: the same link again, and a made-up one, get the same neutral page.
        var again = await Html.SubmitAsync(stranger, confirmPage, new Dictionary<string, string>(), "main form[method=post]");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/konto-loeschung/AAAAAAAAAAAAAAAAAAAAAA")).StatusCode);

        factory.Clock.Advance(TimeSpan.FromDays(15));
        await CompleteDueAsync();
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));
        var audited = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == userId && a.Action.StartsWith("ACCOUNT_DELETION_"))
            .Select(a => a.Action + ":" + a.MetadataJson).ToListAsync());
        Assert.Equal(2, audited.Count);
        Assert.Contains(audited, a => a.StartsWith(AuditActions.AccountDeletionCancelled, StringComparison.Ordinal) && a.Contains("MAIL_LINK", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.LogText, path.Split('/').Last(), StringComparison.Ordinal); // the token never reaches the log
    }

    [Fact]
    public async Task After_the_grace_period_the_job_deletes_data_and_files_pseudonymises_the_audit_and_the_address_can_register_again()
    {
        const string email = "loeschen-endgueltig@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var (vehicleId, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 2);
        await DocumentSeed.CreateDocumentAsync(factory, vehicleId);
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var key = await factory.WithDbAsync(db => db.Documents.IgnoreQueryFilters().Where(d => d.UploadedBy == userId).Select(d => d.StorageKey).SingleAsync());
        string file;
        using (var scope = factory.Services.CreateScope()) file = scope.ServiceProvider.GetRequiredService<DocumentStorage>().PathFor(key);
        Assert.True(File.Exists(file));
        // A checked import file waiting for confirmation goes with the account, not only with the next imports-cleanup.
        string importFile;
        using (var scope = factory.Services.CreateScope())
        {
            var imports = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Infrastructure.Imports.ImportFiles>();
            var saved = (await imports.SaveAsync(new MemoryStream("Datum;Kategorie\n01.02.2024;Inspektion\n"u8.ToArray()), CancellationToken.None))!.Value;
            importFile = imports.PathOf(saved.Key);
            var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
            var vehicle = await db.Vehicles.SingleAsync(v => v.PublicId == vehicleId);
            db.ImportRuns.Add(new LifeTimeCircle.Domain.Imports.ImportRun(userId, vehicle.Id, saved.Key, saved.Size, LifeTimeCircle.Domain.Imports.OdometerUnit.Km, factory.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        Assert.True(File.Exists(importFile));

        // The same form sent twice (a double click): the first request stands, the second changes nothing.
        var (_, form) = await Html.GetAsync(client, "/Profil/KontoLoeschen");
        var values = new Dictionary<string, string> { ["Input.Password"] = TestData.Password, ["Input.Confirm"] = "true" };
        Html.AssertRedirect(await Html.SubmitAsync(client, form, values, "main form[method=post]"), "/Profil/KontoLoeschen");
        var dueAt = await factory.WithDbAsync(db => db.AccountDeletions.Where(d => d.UserId == userId).Select(d => d.DueAt).SingleAsync());
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Html.AssertRedirect(await Html.SubmitAsync(client, form, values, "main form[method=post]"), "/Profil/KontoLoeschen");
        Assert.Equal(dueAt, await factory.WithDbAsync(db => db.AccountDeletions.Where(d => d.UserId == userId).Select(d => d.DueAt).SingleAsync()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.AccountDeletions.CountAsync(d => d.UserId == userId)));
        factory.Clock.Advance(AccountDeletion.GracePeriod - TimeSpan.FromMinutes(2));
        await CompleteDueAsync();
        Assert.True(File.Exists(file));
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        // Once due, the mail link no longer cancels (the job may already run).
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateBrowserClient().GetAsync(await CancelPathAsync(email))).StatusCode);
        Assert.True(await CompleteDueAsync() >= 1);

        Assert.False(File.Exists(file));
        Assert.False(File.Exists(importFile));
        Assert.False(await factory.WithDbAsync(db => db.ImportRuns.AnyAsync(r => r.OwnerId == userId)));
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));
        Assert.False(await factory.WithDbAsync(db => db.Vehicles.IgnoreQueryFilters().AnyAsync(v => v.PublicId == vehicleId)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Entries.CountAsync(e => e.CreatedBy == userId)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutgoingMails.CountAsync(m => m.Recipient == email)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.ActorId == userId)));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.ActorId != null && a.ActorId.StartsWith(AuditEvent.PseudonymPrefix))) >= 2);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.AccountDeleted && a.TargetId == userId)));
        // The old session is gone with the account.
        Html.AssertRedirect(await client.GetAsync("/Profil"), "/Konto/Anmelden");

        var fresh = factory.CreateBrowserClient();
        var verified = await Flows.RegisterAndVerifyAsync(factory, fresh, email);
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email && u.Id != userId && u.EmailConfirmed)));
    }

    [Fact]
    public async Task The_last_superadmin_cannot_delete_the_account_and_admins_see_pending_deletions_read_only()
    {
        var (boss, _) = await Flows.AdminClientAsync(factory, "einziger-superadmin@example.de", Roles.Superadmin);
        var (_, page) = await Html.GetAsync(boss, "/Profil/KontoLoeschen");
        Assert.Contains(AccountDeletions.LastSuperadmin, Html.Text(page));
        Assert.Null(page.QuerySelector("input[name='Input.Password']"));

        var client = await Flows.SignedInClientAsync(factory, "xaver-liste@example.de");
        Html.AssertRedirect(await AskAsync(client), "/Profil/KontoLoeschen");
        var (list, doc) = await Html.GetAsync(boss, "/Admin/Loeschungen");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var row = doc.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains("x***@e***.de", StringComparison.Ordinal));
        Assert.Contains(LifeTimeCircle.Web.Display.DateTime(factory.Clock.GetUtcNow() + AccountDeletion.GracePeriod), row.TextContent);
        Assert.Null(doc.QuerySelector("main form[method=post]"));
        Assert.DoesNotContain("xaver-liste@example.de", Html.Text(doc));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Loeschungen")).StatusCode);
    }
}
