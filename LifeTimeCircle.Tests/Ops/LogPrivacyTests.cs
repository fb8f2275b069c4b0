using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LifeTimeCircle.Infrastructure.Exports;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Ops;

/// <summary>
/// The app's log output (the same JournaldFormatter that writes stdout under systemd) through a whole user
/// journey: every line carries a syslog priority, and no e-mail address, code, password, VIN or token leaks.
/// The journey covers sign-up, a vehicle, an entry, sharing, an upload, a certificate and a full export with its
/// one-time download. The export worker is off so that the test runs the queue itself.
/// </summary>
public sealed partial class LogPrivacyTests(LogPrivacyTests.Factory factory) : IClassFixture<LogPrivacyTests.Factory>
{
    public sealed class Factory : LtcFactory
    {
        protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["LTC_JOBS_WORKER"] = "false" };
    }

    [Fact]
    public async Task A_full_journey_logs_with_priorities_and_without_personal_data_or_secrets()
    {
        const string email = "journal.test@example.de";
        var client = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.RegisterAndVerifyAsync(factory, client, email), "/Konto/Einwilligung");
        var code = await Outbox.LatestCodeAsync(factory, email);
        await Flows.AcceptConsentAsync(client);

        const string vin = "WVWZZZ1JZYW987654";
        var (_, newVehicle) = await Html.GetAsync(client, "/Fahrzeuge/Neu?erstes=true");
        var created = await Html.SubmitAsync(client, newVehicle, new Dictionary<string, string>
        {
            ["Input.Vin"] = vin, ["Input.Make"] = "Opel", ["Input.Model"] = "Astra", ["Input.Class"] = "Alltag", ["Input.AccidentStatus"] = "Unfallfrei",
        });
        var id = created.Headers.Location!.OriginalString.Split('/')[2];
        var (_, entry) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Eintragung/Neu");
        await Html.SubmitAsync(client, entry, new Dictionary<string, string>
        {
            ["Input.Date"] = "01.02.2024", ["Input.Category"] = "Reparatur", ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = "42000",
            ["Input.Remark"] = "Vertraulicher Hinweis des Halters",
        });
        var (_, share) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Teilen");
        await Html.SubmitFormAsync(client, share.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Enable']")!, new Dictionary<string, string>());
        var (_, shared) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Teilen");
        var token = shared.QuerySelector("code.secret")!.TextContent.Split('/').Last();
        await factory.CreateBrowserClient().GetAsync("/q/" + token);

        // Upload an invoice whose file name carries a person's name.
        var (_, uploadPage) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Dokumente/Neu");
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(uploadPage.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken" },
            { new StringContent("Rechnung"), "Kind" },
            { new StringContent(""), "EntryId" },
        })
        {
            var file = new ByteArrayContent("%PDF-1.4\n% Rechnung\n%%EOF\n"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "Datei", "Rechnung Familie Schmidtbauer.pdf");
            var uploaded = await client.PostAsync($"/Fahrzeuge/{id}/Dokumente/Neu", form);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, uploaded.StatusCode);
        }

        // A certificate and, after a step-up, a full export with its one-time download.
        var (_, stepUp) = await Html.GetAsync(client, "/Exporte/Bestaetigen?returnUrl=/Exporte");
        Html.AssertRedirect(await Html.SubmitFormAsync(client, stepUp.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("main form")!,
            new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Exporte");
        foreach (var type in new[] { "TrustZertifikat", "DatenVoll" })
        {
            var (_, exports) = await Html.GetAsync(client, $"/Fahrzeuge/{id}/Exporte");
            var request = exports.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("form").First(f => f.QuerySelector($"input[name=Type][value={type}]") is not null);
            Html.AssertRedirect(await Html.SubmitFormAsync(client, request, new Dictionary<string, string>()), "/Exporte");
        }
        await Jobs.DrainAsync(factory.Services, ExportProcessor.Kind);
        var (_, list) = await Html.GetAsync(client, "/Exporte");
        var certificateLink = list.QuerySelector<AngleSharp.Html.Dom.IHtmlAnchorElement>("a[href^='/Exporte/'][href$='/Datei']")!.GetAttribute("href")!;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(certificateLink)).StatusCode);
        var verification = await factory.WithDbAsync(db => Task.FromResult(db.ExportJobs.Single(j => j.VerificationCode != null).VerificationCode!));
        await factory.CreateBrowserClient().GetAsync("/Zertifikat?code=" + Uri.EscapeDataString(verification));
        Html.AssertRedirect(await Html.SubmitFormAsync(client, list.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action*='handler=Token']")!, new Dictionary<string, string>()), "/Exporte");
        var (_, ready) = await Html.GetAsync(client, "/Exporte");
        var download = ready.QuerySelector<AngleSharp.Html.Dom.IHtmlFormElement>("form[action$='/Datei']")!;
        var downloadToken = download.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=Token]")!.Value;
        var full = await Html.SubmitFormAsync(client, download, new Dictionary<string, string>());
        Assert.Contains(vin, await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await Flows.SignInAsync(factory.CreateBrowserClient(), email, "falsches-passwort-123");
        var (_, signOutPage) = await Html.GetAsync(client, "/Konto/Abmelden");
        await Html.SubmitAsync(client, signOutPage, new Dictionary<string, string>());

        var lines = factory.LogText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 20, "zu wenige Logzeilen");
        Assert.All(lines, l => Assert.Matches("^<[0-7]>", l));
        Assert.Contains(lines, l => l.StartsWith("<4>", StringComparison.Ordinal) && l.Contains("Anmeldung fehlgeschlagen", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains("HTTP POST /Fahrzeuge/Neu", StringComparison.Ordinal));
        var log = factory.LogText;
        Assert.DoesNotMatch(EmailPattern(), log);
        // The code as a number of its own (not as chance digits inside a hex request id).
        Assert.DoesNotMatch($"(?<![0-9a-fA-F]){code}(?![0-9a-fA-F])", log);
        Assert.Contains(lines, l => l.Contains("HTTP POST /Fahrzeuge/" + id + "/Dokumente/Neu", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains("(DatenVoll) fertig", StringComparison.Ordinal));
        foreach (var secret in new[] { email, TestData.Password, "falsches-passwort-123", vin, token, "Vertraulicher Hinweis", "Schmidtbauer", downloadToken, verification })
        {
            Assert.False(log.Contains(secret, StringComparison.OrdinalIgnoreCase), $"Im Log gefunden: {secret}");
        }
        Assert.Contains("/q/***", log, StringComparison.Ordinal);
    }

    [GeneratedRegex("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();
}
