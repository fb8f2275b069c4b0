using System.Net;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Vehicles;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Fahrzeuge;

/// <summary>Vehicle registration: the free plan's limit holds across app instances, and only the VIN index counts as a duplicate.</summary>
public sealed class VehicleRegistrationRulesTests(LtcFactory app) : IClassFixture<LtcFactory>
{
    /// <summary>A second app instance on the same data directory: another process or node as far as the app can tell.</summary>
    private sealed class SecondNode(string dataDir) : LtcFactory(dataDir);

    private static Dictionary<string, string> Form(string vin) => new()
    {
        ["Input.Vin"] = vin, ["Input.Make"] = "Volkswagen", ["Input.Model"] = "Golf", ["Input.BuildYear"] = "2015", ["Input.Class"] = "Alltag", ["Input.AccidentStatus"] = "Unfallfrei",
    };

    [Fact]
    public async Task Two_registrations_of_a_free_user_sent_at_once_to_two_app_instances_create_exactly_one_vehicle()
    {
        const string email = "zwei-knoten@example.de";
        var first = await Flows.SignedInClientAsync(app, email);
        await using var node = new SecondNode(app.DataDir);
        var second = node.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Flows.SignInAsync(second, email)).StatusCode);
        var (_, pageA) = await Html.GetAsync(first, "/Fahrzeuge/Neu");
        var (_, pageB) = await Html.GetAsync(second, "/Fahrzeuge/Neu");

        var responses = await Task.WhenAll(
            Html.SubmitAsync(first, pageA, Form(VehicleSeed.NewVin())),
            Html.SubmitAsync(second, pageB, Form(VehicleSeed.NewVin())));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Redirect], responses.Select(r => r.StatusCode).Order());
        var refused = await Html.ParseAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Contains(VehicleRegistration.PaywallMessage, Html.Text(refused));
        Assert.Equal(1, await app.WithDbAsync(db => db.Vehicles.CountAsync(v => db.Users.Any(u => u.Id == v.OwnerId && u.Email == email))));
    }

    [Fact]
    public async Task Only_a_violation_of_the_vin_index_counts_as_a_duplicate_vin()
    {
        var user = await app.CreateUserAsync("index@example.de", Roles.Vip);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var vins = scope.ServiceProvider.GetRequiredService<VinProtector>();
        Vehicle New(string vin, string owner)
        {
            var v = Vin.Parse(vin);
            return new Vehicle(owner, v, vins.Encrypt(v), vins.Hmac(v), new VehicleDetails("VW", "Golf", 2015, VehicleClass.Alltag, null, null, null, null, AccidentStatus.Unbekannt, false, null), app.Clock.GetUtcNow());
        }
        var vin = VehicleSeed.NewVin();
        db.Vehicles.Add(New(vin, user.Id));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        db.Vehicles.Add(New(vin, user.Id));
        var duplicate = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.Vehicles.Add(New(VehicleSeed.NewVin(), "kein-solches-konto"));
        var orphan = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(duplicate.IsUniqueViolation<Vehicle>(db, nameof(Vehicle.VinHmac)));
        Assert.False(duplicate.IsUniqueViolation<Vehicle>(db, nameof(Vehicle.PublicId)));
        Assert.False(orphan.IsUniqueViolation<Vehicle>(db, nameof(Vehicle.VinHmac)));
    }
}
