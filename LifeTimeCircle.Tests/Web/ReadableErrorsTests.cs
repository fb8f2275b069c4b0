using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Exports;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Web;

/// <summary>Issue 12, item 6: no framework message reaches a user, and the error summary links only to fields that exist.</summary>
public sealed class ReadableErrorsTests(DownloadFactory app) : IClassFixture<DownloadFactory>
{
    [Fact]
    public async Task A_refused_role_change_shows_its_reason_without_a_link_to_a_missing_field()
    {
        var target = await app.CreateUserAsync("verweis-ziel@example.de", Roles.Superadmin);
        var (admin, key) = await Flows.AdminClientAsync(app, "verweis-admin@example.de");
        var (_, confirm) = await Html.GetAsync(admin, "/Admin/Bestaetigen?returnUrl=%2FAdmin%2FBenutzer");
        Html.AssertRedirect(await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = Totp.Later(key, app.Clock.GetUtcNow()) }), "/Admin/Benutzer");
        var (_, list) = await Html.GetAsync(admin, "/Admin/Benutzer");
        var form = list.QuerySelectorAll<IHtmlFormElement>("form[action*='handler=Role']").First(f => f.QuerySelector($"input[name=UserId][value='{target.Id}']") is not null);

        var refused = await Html.SubmitFormAsync(admin, form, new Dictionary<string, string> { ["NewRole"] = Roles.User });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Contains("Nur ein Superadmin", Html.Text(page));
        ErrorSummary.AssertLinksResolve(page);
    }

    [Fact]
    public async Task An_export_that_fails_inside_the_framework_shows_a_german_message_and_no_framework_text()
    {
        // An account export whose account no longer exists: the data query finds no row ("Sequence contains no elements").
        var job = new ExportJob(ExportType.Konto, null, "kein-solches-konto", "https://lifetimecircle.example", 1, app.Clock.GetUtcNow());
        await app.WithDbAsync(async db =>
        {
            ExportProcessor.Enqueue(db, app.Services.GetRequiredService<LifeTimeCircle.Infrastructure.Jobs.JobQueue>(), job);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, await LifeTimeCircle.Tests.Infrastructure.Jobs.DrainAsync(app.Services, ExportProcessor.Kind));

        var error = await app.WithDbAsync(db => db.ExportJobs.Where(j => j.Id == job.Id).Select(j => j.Error).SingleAsync());
        Assert.NotNull(error);
        Assert.DoesNotContain("Sequence", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.StartsWith("Interner Fehler beim Erstellen", error, StringComparison.Ordinal);
    }

}

public static class ErrorSummary
{
    /// <summary>Every link of the error summary leads to an element of the page; there is at least one error.</summary>
    public static void AssertLinksResolve(IHtmlDocument page)
    {
        var summary = page.QuerySelector(".error-summary");
        Assert.True(summary is not null, "Keine Fehlerübersicht in:\n" + page.DocumentElement.OuterHtml);
        Assert.NotEmpty(summary.QuerySelectorAll("li"));
        foreach (var link in summary.QuerySelectorAll("a[href^='#']"))
        {
            var id = link.GetAttribute("href")![1..];
            Assert.True(page.GetElementById(id) is not null, $"Die Fehlerübersicht verweist auf #{id}, das es auf der Seite nicht gibt:\n{summary.OuterHtml}");
        }
    }
}
