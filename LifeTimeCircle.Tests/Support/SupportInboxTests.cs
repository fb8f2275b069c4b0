using System.Net;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Support;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace LifeTimeCircle.Tests.Support;

/// <summary>Issue 19 item 3: the support thread of an account, the anonymous contact form and the admin inbox.</summary>
public sealed class SupportInboxTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private static async Task<HttpResponseMessage> ReplyAsync(HttpClient admin, string requestId, string body)
    {
        var (_, page) = await Html.GetAsync(admin, "/Admin/Anfrage/" + requestId);
        return await Html.SubmitAsync(admin, page, new Dictionary<string, string> { ["Input.Body"] = body }, "main form[action*='handler=Reply']");
    }

    private static async Task<HttpResponseMessage> PressAsync(HttpClient admin, string requestId, string handler)
    {
        var (_, page) = await Html.GetAsync(admin, "/Admin/Anfrage/" + requestId);
        return await Html.SubmitAsync(admin, page, new Dictionary<string, string>(), $"main form[action*='handler={handler}']");
    }

    private Task<SupportStatus> StatusAsync(string requestId) =>
        factory.WithDbAsync(db => db.SupportRequests.Where(r => r.PublicId == requestId).Select(r => r.Status).SingleAsync());

    [Fact]
    public async Task A_thread_goes_back_and_forth_between_account_and_admin_and_the_mail_only_links_to_it()
    {
        const string email = "support-konto@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var (_, profile) = await Html.GetAsync(client, "/Profil");
        Assert.Contains(profile.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/Profil/Anfragen" && a.TextContent.Contains("Meine Anfragen"));
        // Signed in, the public contact page leads to the profile's form.
        Html.AssertRedirect(await client.GetAsync("/Kontakt"), "/Profil/NeueAnfrage");

        var (_, form) = await Html.GetAsync(client, "/Profil/NeueAnfrage");
        var missing = await Html.SubmitAsync(client, form, new Dictionary<string, string> { ["Input.Topic"] = "Fehler", ["Input.Message"] = "  " });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        var missingDoc = await Html.ParseAsync(missing);
        Assert.Contains("Bitte schreiben Sie uns Ihre Nachricht.", Html.Text(missingDoc));
        Assert.NotNull(missingDoc.QuerySelector("select[name='Input.Topic'] option[value='Fehler'][selected]"));
        // An upgrade topic is not the contact form's (the Tarife page asks for those).
        var upgrade = await Html.SubmitAsync(client, missingDoc, new Dictionary<string, string> { ["Input.Topic"] = "UpgradeVip", ["Input.Message"] = "VIP bitte" });
        Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);

        var sent = await Html.SubmitAsync(client, missingDoc, new Dictionary<string, string> { ["Input.Topic"] = "Fehler", ["Input.Message"] = "Der PDF-Export bleibt bei 50 % stehen." });
        Html.AssertRedirect(sent, "/Profil/Anfrage/");
        var thread = sent.Headers.Location!.OriginalString;
        var requestId = thread.Split('/').Last();
        Assert.Equal(SupportStatus.Offen, await StatusAsync(requestId));

        // The admin finds it in the inbox (address masked) and replies; the request is in review, the mail only links.
        var (admin, _) = await Flows.AdminClientAsync(factory, "support-admin@example.de");
        var (_, inbox) = await Html.GetAsync(admin, "/Admin/Anfragen");
        var row = inbox.QuerySelectorAll("tbody tr").Single(tr => tr.TextContent.Contains("s***@e***.de", StringComparison.Ordinal) && tr.TextContent.Contains("Fehler melden"));
        Assert.DoesNotContain(email, Html.Text(inbox));
        Assert.Contains(row.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/Admin/Anfrage/" + requestId);
        var emptyReply = await ReplyAsync(admin, requestId, "");
        Assert.Equal(HttpStatusCode.OK, emptyReply.StatusCode);
        Assert.Contains("Bitte schreiben Sie eine Antwort.", Html.Text(await Html.ParseAsync(emptyReply)));
        Html.AssertRedirect(await ReplyAsync(admin, requestId, "Danke! Bitte laden Sie die Seite neu; der Fehler ist behoben."), "/Admin/Anfrage/" + requestId);
        Assert.Equal(SupportStatus.InPruefung, await StatusAsync(requestId));
        var mail = (await Outbox.MessagesToAsync(factory, email)).Single(m => m.Subject!.StartsWith("Antwort auf Ihre Anfrage", StringComparison.Ordinal));
        Assert.Contains("/Profil/Anfrage/" + requestId, mail.TextBody);
        Assert.DoesNotContain("Seite neu", mail.TextBody);

        // The account reads the thread in order and writes again; an admin marks it solved; writing again opens it.
        var (_, threadDoc) = await Html.GetAsync(client, thread);
        var messages = threadDoc.QuerySelectorAll("ol.thread > li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Contains("50 %", messages[0]);
        Assert.Contains("LifeTimeCircle", messages[1]);
        Assert.Contains("in Prüfung", Html.Text(threadDoc));
        Html.AssertRedirect(await Html.SubmitAsync(client, threadDoc, new Dictionary<string, string> { ["Input.Body"] = "Geht wieder, danke." }), thread);
        Assert.Equal(SupportStatus.Offen, await StatusAsync(requestId));
        Html.AssertRedirect(await PressAsync(admin, requestId, "Resolve"), "/Admin/Anfrage/" + requestId);
        Assert.Equal(SupportStatus.Geloest, await StatusAsync(requestId));
        var (_, solved) = await Html.GetAsync(client, thread);
        Assert.Contains("gelöst", Html.Text(solved));
        Html.AssertRedirect(await Html.SubmitAsync(client, solved, new Dictionary<string, string> { ["Input.Body"] = "Doch noch eine Frage." }), thread);
        Assert.Equal(SupportStatus.Offen, await StatusAsync(requestId));
        Html.AssertRedirect(await PressAsync(admin, requestId, "Review"), "/Admin/Anfrage/" + requestId);
        Assert.Equal(SupportStatus.InPruefung, await StatusAsync(requestId));

        // Audited without a word of the messages.
        var audited = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.Action.StartsWith("SUPPORT_")).Select(a => a.Action + ":" + a.MetadataJson).ToListAsync());
        Assert.Contains(audited, a => a.StartsWith(AuditActions.SupportReplySent, StringComparison.Ordinal));
        Assert.Contains(audited, a => a.StartsWith(AuditActions.SupportMessageAdded, StringComparison.Ordinal) && a.Contains("true", StringComparison.Ordinal));
        Assert.Contains(audited, a => a.StartsWith(AuditActions.SupportRequestResolved, StringComparison.Ordinal));
        Assert.Contains(audited, a => a.StartsWith(AuditActions.SupportRequestInReview, StringComparison.Ordinal));
        Assert.DoesNotContain(audited, a => a.Contains("PDF", StringComparison.Ordinal) || a.Contains("danke", StringComparison.OrdinalIgnoreCase));

        // Another account gets 404 for the thread and cannot write into it; a user never reaches the inbox.
        var other = await Flows.SignedInClientAsync(factory, "support-fremd@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(thread)).StatusCode);
        var (_, ownForm) = await Html.GetAsync(other, "/Profil/NeueAnfrage");
        var hijack = new HttpRequestMessage(HttpMethod.Post, thread) { Content = new FormUrlEncodedContent([new("Input.Body", "fremd"), new("__RequestVerificationToken", ownForm.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value)]) };
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(hijack)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Admin/Anfrage/" + requestId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Anfrage/unbekannt")).StatusCode);
    }

    [Fact]
    public async Task The_contact_form_answers_alike_for_every_valid_input_and_the_reply_goes_to_the_given_address_only()
    {
        await factory.CreateUserAsync("kontakt-konto@example.de");
        var visitor = factory.CreateBrowserClient();
        var (_, start) = await Html.GetAsync(visitor, "/");
        Assert.Contains(start.QuerySelectorAll("footer a"), a => a.GetAttribute("href") == "/Kontakt" && a.TextContent == "Kontakt");

        var (_, form) = await Html.GetAsync(visitor, "/Kontakt");
        var bad = await Html.SubmitAsync(visitor, form, new Dictionary<string, string>
        {
            ["Input.Email"] = "keine-adresse", ["Input.Topic"] = "Frage", ["Input.Message"] = "Wie exportiere ich als PDF?",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badDoc = await Html.ParseAsync(bad);
        Assert.Contains(MailAddressAttribute.Message, Html.Text(badDoc));
        Assert.Equal("Wie exportiere ich als PDF?", badDoc.QuerySelector("textarea[name='Input.Message']")!.TextContent.Trim());

        async Task<string> SendAsync(string email, string message, string honeypot = "")
        {
            var (_, page) = await Html.GetAsync(visitor, "/Kontakt");
            var response = await Html.SubmitAsync(visitor, page, new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Topic"] = "Frage", ["Input.Message"] = message, ["Input.Website"] = honeypot,
            });
            Html.AssertRedirect(response, "/Kontakt");
            var (_, after) = await Html.GetAsync(visitor, "/Kontakt");
            return Html.Text(after);
        }

        // New address, an account's address, a bot in the honeypot, a fourth open message: one answer for all.
        var answers = new[]
        {
            await SendAsync("besucher@example.de", "Wie exportiere ich als PDF?"),
            await SendAsync("kontakt-konto@example.de", "Ich komme nicht in mein Konto."),
            await SendAsync("bot@example.de", "Billige Uhren", honeypot: "https://spam.example"),
            await SendAsync("besucher@example.de", "Zweite Frage"),
            await SendAsync("besucher@example.de", "Dritte Frage"),
            await SendAsync("besucher@example.de", "Vierte Frage"),
        };
        Assert.All(answers, a => Assert.Contains(LifeTimeCircle.Pages.KontaktModel.Received, a));
        var stored = await factory.WithDbAsync(db => db.SupportRequests.Where(r => r.ContactEmail != null).Select(r => new { r.ContactEmail, r.UserId, r.Message, r.PublicId }).ToListAsync());
        Assert.Equal(3, stored.Count(r => r.ContactEmail == "besucher@example.de"));
        Assert.DoesNotContain(stored, r => r.Message == "Vierte Frage" || r.ContactEmail == "bot@example.de");
        // A visitor's message never joins the account with that address: the reply goes by mail to the given address.
        var known = stored.Single(r => r.ContactEmail == "kontakt-konto@example.de");
        Assert.Null(known.UserId);
        Assert.Empty(await Outbox.MessagesToAsync(factory, "besucher@example.de")); // no confirmation mail to a typed address

        var (admin, _) = await Flows.AdminClientAsync(factory, "kontakt-admin@example.de");
        var first = stored.First(r => r.Message == "Wie exportiere ich als PDF?").PublicId;
        var (_, inbox) = await Html.GetAsync(admin, "/Admin/Anfragen");
        Assert.Contains("b***@e***.de (ohne Konto)", Html.Text(inbox));
        Html.AssertRedirect(await ReplyAsync(admin, first, "Unter „Exporte“ im Fahrzeug wählen Sie „PDF“."), "/Admin/Anfrage/" + first);
        var mail = (await Outbox.MessagesToAsync(factory, "besucher@example.de")).Single();
        Assert.Contains("Unter „Exporte“ im Fahrzeug", mail.TextBody);
        Assert.Contains("/Kontakt", mail.TextBody);
        Assert.Empty(await Outbox.MessagesToAsync(factory, "kontakt-konto@example.de"));
    }

    [Fact]
    public void The_anonymous_forms_count_against_the_rate_limits()
    {
        foreach (var (path, category) in new[] { ("/Kontakt", "codesend"), ("/Konto/Redaktionszugang", "codecheck") })
        {
            var ctx = new DefaultHttpContext();
            ctx.Request.Method = "POST";
            ctx.Request.Path = path;
            Assert.Equal(category, RateLimitSetup.Category(ctx));
            ctx.Request.Method = "GET";
            Assert.Null(RateLimitSetup.Category(ctx));
        }
    }
}
