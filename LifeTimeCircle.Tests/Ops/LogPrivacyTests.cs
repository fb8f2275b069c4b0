using System.Text.RegularExpressions;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Ops;

/// <summary>
/// The app's log output (the same JournaldFormatter that writes stdout under systemd) through a whole user
/// journey: every line carries a syslog priority, and no e-mail address, code, password, VIN or token leaks.
/// Uploads and exports are added to the journey when those features exist.
/// </summary>
public sealed partial class LogPrivacyTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task A_full_journey_logs_with_priorities_and_without_personal_data_or_secrets()
    {
        const string email = "journal.test@example.de";
        var client = factory.CreateBrowserClient();
        Html.AssertRedirect(await Flows.RegisterAndVerifyAsync(factory, client, email), "/Konto/Einwilligung");
        var code = Outbox.LatestCode(factory.OutboxDir, email);
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
        foreach (var secret in new[] { email, TestData.Password, "falsches-passwort-123", vin, token, "Vertraulicher Hinweis" })
        {
            Assert.False(log.Contains(secret, StringComparison.OrdinalIgnoreCase), $"Im Log gefunden: {secret}");
        }
        Assert.Contains("/q/***", log, StringComparison.Ordinal);
    }

    [GeneratedRegex("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();
}
