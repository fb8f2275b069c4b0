using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Infrastructure.Audit;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Admin;

/// <summary>Issue 19 item 6: the audit table is append-only in the database, old actors are pseudonymised, the viewer filters, pages by keyset and downloads CSV after a step-up.</summary>
public sealed class AuditViewerTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<long> AddEventAsync(string action, string? actorId, string? targetId = null, string? requestId = null, DateTimeOffset? at = null,
        AuditResult result = AuditResult.Success, string metadata = "{}")
    {
        return await factory.WithDbAsync(async db =>
        {
            var e = new AuditEvent(Guid.NewGuid(), at ?? factory.Clock.GetUtcNow(), actorId is null ? "system" : "user", actorId, actorId is null ? "public" : "user",
                action, "USER", targetId, "own", result, requestId, metadata);
            db.AuditEvents.Add(e);
            await db.SaveChangesAsync();
            return e.Id;
        });
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_rows()
    {
        var id = await AddEventAsync("TEST_APPEND_ONLY", "nutzer-append-only", metadata: """{"a":1}""");
        await factory.WithDbAsync(async db =>
        {
            var q = db.AuditEvents.Where(a => a.Id == id);
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteDeleteAsync());
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(a => a.Action, "SOMETHING_ELSE")));
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(a => a.Result, AuditResult.Denied)));
            // An actor id may become a pseudonym, but only in its exact form and only with every other column unchanged.
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, "jemand-anderes")));
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, (string?)null)));
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, "psn:zu-kurz")));
            var pseudonym = "psn:" + new string('a', 32);
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ActorId, pseudonym).SetProperty(a => a.MetadataJson, "{}")));
            Assert.Equal(1, await q.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, pseudonym)));
            // Once pseudonymised, it stays so: no way back and no second pseudonym.
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, "nutzer-append-only")));
            await Assert.ThrowsAsync<SqliteException>(() => q.ExecuteUpdateAsync(s => s.SetProperty(a => a.ActorId, "psn:" + new string('b', 32))));
            var row = await q.AsNoTracking().SingleAsync();
            Assert.Equal(("TEST_APPEND_ONLY", pseudonym, """{"a":1}"""), (row.Action, row.ActorId, row.MetadataJson));
            return 0;
        });
    }

    [Fact]
    public async Task A_missing_trigger_is_created_again_at_start()
    {
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(0, await AuditTriggers.EnsureAsync(db)); // the migration created both
            await db.Database.ExecuteSqlRawAsync($"DROP TRIGGER \"{AuditTriggers.NoDelete}\"");
            Assert.Equal(1, await AuditTriggers.EnsureAsync(db));
            return 0;
        });
        var id = await AddEventAsync("TEST_TRIGGER_AGAIN", null);
        await factory.WithDbAsync(async db =>
        {
            await Assert.ThrowsAsync<SqliteException>(() => db.AuditEvents.Where(a => a.Id == id).ExecuteDeleteAsync());
            return 0;
        });
    }

    [Fact]
    public async Task The_retention_job_pseudonymises_old_actors_and_keeps_the_rows()
    {
        var now = factory.Clock.GetUtcNow();
        var old1 = await AddEventAsync("TEST_RETENTION", "nutzer-retention", at: now - TimeSpan.FromDays(400));
        var old2 = await AddEventAsync("TEST_RETENTION", "nutzer-retention", at: now - TimeSpan.FromDays(366));
        var recent = await AddEventAsync("TEST_RETENTION", "nutzer-retention", at: now - TimeSpan.FromDays(10));
        var system = await AddEventAsync("TEST_RETENTION", null, at: now - TimeSpan.FromDays(500));

        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<AuditRetention>().PseudonymiseAsync(CancellationToken.None));
        }
        var rows = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.Action == "TEST_RETENTION").ToDictionaryAsync(a => a.Id));
        Assert.Equal(4, rows.Count);
        Assert.True(AuditEvent.IsPseudonym(rows[old1].ActorId), rows[old1].ActorId);
        Assert.Equal(rows[old1].ActorId, rows[old2].ActorId); // the same actor, the same pseudonym
        Assert.Equal("nutzer-retention", rows[recent].ActorId);
        Assert.Null(rows[system].ActorId);
        Assert.Equal("user", rows[old1].ActorRole);

        // The recurring kind is registered and finds nothing more to do.
        await Jobs.ScheduleRecurringAsync(factory.Services);
        await Jobs.DrainAsync(factory, AuditRetention.Kind);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.AuditActorsPseudonymised)));

        // The viewer finds the actor's rows before and after pseudonymisation by the user id, and by the pseudonym the old ones only.
        var (admin, _) = await Flows.AdminClientAsync(factory, "retention-admin@example.de");
        var (_, byId) = await Html.GetAsync(admin, "/Admin/Audit?Action=TEST_RETENTION&Actor=nutzer-retention");
        Assert.Equal(3, byId.QuerySelectorAll("tbody tr").Length);
        var (_, byPseudonym) = await Html.GetAsync(admin, "/Admin/Audit?Action=TEST_RETENTION&Actor=" + rows[old1].ActorId);
        Assert.Equal(2, byPseudonym.QuerySelectorAll("tbody tr").Length);
        var (_, bySystem) = await Html.GetAsync(admin, "/Admin/Audit?Action=TEST_RETENTION&Actor=system");
        Assert.Single(bySystem.QuerySelectorAll("tbody tr"));
    }

    [Fact]
    public async Task Filters_narrow_the_view_and_pages_follow_by_keyset()
    {
        var start = factory.Clock.GetUtcNow();
        for (var i = 0; i < 120; i++)
        {
            await AddEventAsync("TEST_PAGING", i % 2 == 0 ? "nutzer-gerade" : "nutzer-ungerade", "ziel-" + (i % 3), "vorgang-" + i,
                start + TimeSpan.FromMinutes(i), i % 10 == 0 ? AuditResult.Denied : AuditResult.Success);
        }
        var (admin, _) = await Flows.AdminClientAsync(factory, "filter-admin@example.de");

        var (first, page1) = await Html.GetAsync(admin, "/Admin/Audit?Action=TEST_PAGING");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var ids1 = page1.QuerySelectorAll("tbody tr td:nth-child(6)").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(50, ids1.Count);
        Assert.Equal("vorgang-119", ids1[0]);
        Assert.Null(page1.QuerySelectorAll("nav a").FirstOrDefault(a => a.TextContent.Contains("Neuere", StringComparison.Ordinal)));
        var older = page1.QuerySelectorAll("nav a").Single(a => a.TextContent.Contains("Ältere", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Contains("nach=", older);
        Assert.Contains("Action=TEST_PAGING", older);

        var (_, page2) = await Html.GetAsync(admin, older);
        var ids2 = page2.QuerySelectorAll("tbody tr td:nth-child(6)").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("vorgang-69", ids2[0]);
        var (_, page3) = await Html.GetAsync(admin, page2.QuerySelectorAll("nav a").Single(a => a.TextContent.Contains("Ältere", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.Equal(20, page3.QuerySelectorAll("tbody tr").Length);
        Assert.Null(page3.QuerySelectorAll("nav a").FirstOrDefault(a => a.TextContent.Contains("Ältere", StringComparison.Ordinal)));
        var (_, back) = await Html.GetAsync(admin, page3.QuerySelectorAll("nav a").Single(a => a.TextContent.Contains("Neuere", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.Equal(ids2, back.QuerySelectorAll("tbody tr td:nth-child(6)").Select(td => td.TextContent.Trim()).ToList());

        async Task<int> CountAsync(string query) =>
            (await Html.GetAsync(admin, "/Admin/Audit?Action=TEST_PAGING&" + query)).Document.QuerySelectorAll("tbody tr").Length;
        Assert.Equal(12, await CountAsync("Result=Denied"));
        Assert.Equal(1, await CountAsync("RequestId=vorgang-7"));
        Assert.Equal(40, await CountAsync("Target=ziel-1"));
        Assert.Equal(20, await CountAsync("Target=ziel-1&Actor=nutzer-gerade"));
        // Dates are Berlin days: 28.11.2026 09:00 UTC + 120 minutes is all on the same day; the day before has none.
        Assert.Equal(50, await CountAsync("From=2026-11-28&To=2026-11-28"));
        Assert.Equal(0, await CountAsync("To=2026-11-27"));

        // Bad input: a German message, what was typed stays, never 500.
        var (bad, badDoc) = await Html.GetAsync(admin, "/Admin/Audit?From=gestern&Actor=" + new string('x', 500));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.NotNull(badDoc.QuerySelector(".error-summary"));
        Assert.Equal(new string('x', 500), badDoc.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Actor")!.Value);
    }

    [Fact]
    public async Task The_csv_download_needs_a_step_up_and_is_audited()
    {
        await AddEventAsync("TEST_CSV", "nutzer-csv", "=HYPERLINK(\"x\")", "vorgang-csv");
        await AddEventAsync("TEST_OTHER", "nutzer-csv");
        var (admin, key) = await Flows.AdminClientAsync(factory, "csv-admin@example.de");
        var (_, page) = await Html.GetAsync(admin, "/Admin/Audit?Action=TEST_CSV");
        var form = page.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Csv']")!;

        var noStepUp = await Html.SubmitFormAsync(admin, form, new Dictionary<string, string>());
        Html.AssertRedirect(noStepUp, "/Admin/Bestaetigen");
        Assert.Equal(0, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.AuditExported)));

        var (_, confirm) = await Html.GetAsync(admin, noStepUp.Headers.Location!.OriginalString);
        var confirmed = await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Later(key, factory.Clock.GetUtcNow()) });
        Html.AssertRedirect(confirmed, "/Admin/Audit");
        Assert.Contains("Action=TEST_CSV", confirmed.Headers.Location!.OriginalString);

        var (_, again) = await Html.GetAsync(admin, confirmed.Headers.Location!.OriginalString);
        var csv = await Html.SubmitFormAsync(admin, again.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Csv']")!, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString());
        var text = await csv.Content.ReadAsStringAsync();
        var lines = text.Trim('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // header + the one filtered row
        Assert.StartsWith("id;created_at_utc;", lines[0]);
        Assert.Contains("TEST_CSV", lines[1]);
        Assert.DoesNotContain("TEST_OTHER", text);
        Assert.Contains("'=HYPERLINK", lines[1]); // a formula is escaped, not handed to the spreadsheet
        var exported = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.AuditExported));
        Assert.Contains("\"rows\":1", exported.MetadataJson);
    }
}
