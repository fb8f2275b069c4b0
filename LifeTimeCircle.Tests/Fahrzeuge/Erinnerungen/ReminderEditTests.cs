using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Tests.Infrastructure;

namespace LifeTimeCircle.Tests.Fahrzeuge.Erinnerungen;

/// <summary>Changing a reminder through its real form: filled in, same checks as a new one, owner-only.</summary>
public sealed class ReminderEditTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    [Fact]
    public async Task The_owner_changes_a_reminder_bad_input_keeps_what_was_typed_and_another_owner_gets_404()
    {
        var (client, vehicleId) = await ReminderTests.OwnerWithVehicleAsync(factory, "aendern-erinnerung@example.de");
        Html.AssertRedirect(await ReminderTests.AddReminderAsync(client, vehicleId, new() { ["Input.Item"] = "Oelwechsel", ["Input.DueKm"] = "120.000" }),
            $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var (_, list) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var edit = list.QuerySelectorAll<IHtmlAnchorElement>("a").Single(a => a.TextContent.Trim() == "Ändern (Ölwechsel)").GetAttribute("href")!;

        var (_, form) = await Html.GetAsync(client, edit);
        Assert.Equal("Oelwechsel", form.QuerySelector<IHtmlSelectElement>("#Input_Item")!.Value);
        Assert.Equal("120.000", form.QuerySelector<IHtmlInputElement>("#Input_DueKm")!.Value);

        var bad = await Html.SubmitAsync(client, form, new Dictionary<string, string> { ["Input.DueKm"] = "viel", ["Input.EveryKm"] = "15.000" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var again = await Html.ParseAsync(bad);
        Assert.Contains("Kilometerstand als ganze Zahl", again.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("viel", again.QuerySelector<IHtmlInputElement>("#Input_DueKm")!.Value);
        Assert.Equal("15.000", again.QuerySelector<IHtmlInputElement>("#Input_EveryKm")!.Value);

        Html.AssertRedirect(await Html.SubmitAsync(client, again, new Dictionary<string, string> { ["Input.DueKm"] = "130.000" }),
            $"/Fahrzeuge/{vehicleId}/Erinnerungen");
        var text = await ReminderTests.ReminderTextAsync(client, vehicleId, "Ölwechsel");
        Assert.Contains("130.000 km", text, StringComparison.Ordinal);
        Assert.Contains("alle 15.000 km", text, StringComparison.Ordinal);

        var other = await Flows.SignedInClientAsync(factory, "aendern-andere@example.de");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(edit)).StatusCode);
    }
}
