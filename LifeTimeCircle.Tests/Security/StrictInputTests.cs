using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Security;

/// <summary>Forms accept exactly what they offer: option names as listed, kilometres as people write them, reachable e-mail addresses.</summary>
public sealed class StrictInputTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private const string OfferedOnly = "Bitte wählen Sie einen der angebotenen Werte.";

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("sport")]
    [InlineData(" Sport")]
    [InlineData("Alltag, Sport")]
    [InlineData("Alltag,Sport")]
    public async Task A_vehicle_class_that_was_never_offered_is_refused_in_german_and_nothing_is_stored(string value)
    {
        var email = $"klasse-{Guid.NewGuid():N}@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var (_, page) = await Html.GetAsync(client, "/Fahrzeuge/Neu");
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Vin"] = VehicleSeed.NewVin(), ["Input.Make"] = "Opel", ["Input.Model"] = "Astra", ["Input.BuildYear"] = "2012",
            ["Input.Class"] = value,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.ParseAsync(response);
        Assert.Contains(OfferedOnly, Html.Text(document));
        Assert.Equal("Opel", document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.Make']")!.Value);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.False(await db.Vehicles.AnyAsync(v => v.OwnerId == user.Id));
    }

    [Theory]
    [InlineData("Input.Category", "Inspektion, Oelwechsel")]
    [InlineData("Input.Category", "3")]
    [InlineData("Input.PerformedBy", "fachwerkstatt")]
    public async Task An_entry_with_an_option_that_was_never_offered_is_refused(string field, string value)
    {
        var email = $"eintrag-{Guid.NewGuid():N}@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 0);
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Eintragung/Neu");
        var values = new Dictionary<string, string>
        {
            ["Input.Date"] = "14.03.2024", ["Input.Category"] = "Inspektion", ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = "123.456",
        };
        values[field] = value;
        var response = await Html.SubmitAsync(client, page, values);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(OfferedOnly, Html.Text(await Html.ParseAsync(response)));
    }

    [Theory]
    [InlineData("123456", 123_456)]
    [InlineData("123.456", 123_456)]
    [InlineData("1.234.567 km", 1_234_567)]
    [InlineData("123 456", 123_456)]
    [InlineData(" 98765km ", 98_765)]
    [InlineData("0", 0)]
    public void Kilometres_are_read_as_people_write_them(string text, int expected)
    {
        Assert.True(Kilometres.TryParse(text, out var km));
        Assert.Equal(expected, km);
    }

    [Theory]
    [InlineData("01.01.0001")]
    [InlineData("1.23")]
    [InlineData("12.3456")]
    [InlineData("1.234 567")]
    [InlineData("-5")]
    [InlineData("1e5")]
    [InlineData("١٢٣")]
    [InlineData("99999999999")]
    [InlineData("km")]
    public void Kilometres_that_are_not_a_grouped_whole_number_are_refused(string text) => Assert.False(Kilometres.TryParse(text, out _));

    [Theory]
    [InlineData("a@b", false)]
    [InlineData("name@beispiel", false)]
    [InlineData("name@beispiel.d", false)]
    [InlineData("name @beispiel.de", false)]
    [InlineData("a@b@c.de", false)]
    [InlineData("name@-beispiel.de", false)]
    [InlineData("name@beispiel.de", true)]
    [InlineData("vor.nach+tag@sub.beispiel.co.uk", true)]
    [InlineData("müller@bäckerei-müller.de", true)]
    public void Mail_addresses_need_a_reachable_domain(string address, bool valid) => Assert.Equal(valid, MailAddressAttribute.IsAddress(address));

    [Fact]
    public async Task Registration_with_an_address_without_domain_is_refused_and_keeps_the_input()
    {
        var client = factory.CreateBrowserClient();
        var (_, page) = await Html.GetAsync(client, "/Konto/Registrieren?art=privat");
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Email"] = "a@b", ["Input.Password"] = TestData.Password, ["Input.ConfirmPassword"] = TestData.Password,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.ParseAsync(response);
        Assert.Contains(MailAddressAttribute.Message, Html.Text(document));
        Assert.Equal("a@b", document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.Email']")!.Value);
        Assert.Equal("email", document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name='Input.Email']")!.Type);
    }

    [Fact]
    public async Task An_entry_with_a_date_like_odometer_is_refused_with_the_kilometre_message()
    {
        const string email = "kilometer@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var (vehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 0);
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Eintragung/Neu");
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string>
        {
            ["Input.Date"] = "14.03.2024", ["Input.Category"] = "Inspektion", ["Input.PerformedBy"] = "Fachwerkstatt", ["Input.Odometer"] = "01.01.0001",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bitte geben Sie den Kilometerstand als ganze Zahl an", Html.Text(await Html.ParseAsync(response)));
    }

    [Fact]
    public async Task An_over_long_privacy_note_is_refused_with_a_message_instead_of_being_cut()
    {
        const string email = "langer-hinweis@example.de";
        var client = await Flows.SignedInClientAsync(factory, email);
        var (vehicle, entry) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, email, 1);
        var doc = await DocumentSeed.CreateDocumentAsync(factory, vehicle, entry);
        var (_, page) = await Html.GetAsync(client, $"/Fahrzeuge/{vehicle}/Dokumente/{doc}");
        var note = string.Concat(Enumerable.Repeat("Name und Anschrift sichtbar. ", 12)); // 348 characters
        var response = await Html.SubmitAsync(client, page, new Dictionary<string, string> { ["PiiNote"] = note }, "main form[action*='handler=Pii']");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        Assert.Contains(LifeTimeCircle.Domain.Documents.Document.PiiNoteTooLongMessage, Html.Text(shown));
        Assert.Equal(note, shown.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("textarea[name=PiiNote]")!.Value);
        using var scope = factory.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Documents.SingleAsync(d => d.PublicId == doc);
        Assert.Equal(LifeTimeCircle.Domain.Documents.PiiState.Ok, stored.Pii);
    }
}
