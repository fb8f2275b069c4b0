using System.Net;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Infrastructure.Addons;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Admin;

/// <summary>The admin's add-on switches (ADR 0023) through the real form, audited; a vehicle activated before keeps its add-on.</summary>
public sealed class AddonSwitchTests(LtcFactory factory) : IClassFixture<LtcFactory>
{
    private async Task<AddonDecision> WithAccessAsync(Func<AddonAccess, long, Task<AddonDecision>> call, string vehicleId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifeTimeCircle.Data.AppDbContext>();
        var id = await db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.Id).SingleAsync();
        return await call(scope.ServiceProvider.GetRequiredService<AddonAccess>(), id);
    }

    private static async Task<HttpResponseMessage> SwitchAsync(HttpClient admin, string key, bool allowNew, bool paid, bool adminOnly)
    {
        var (_, page) = await Html.GetAsync(admin, "/Admin/Addons");
        var form = page.QuerySelectorAll<IHtmlFormElement>("main form[method=post]")
            .Single(f => f.QuerySelector<IHtmlInputElement>("input[name=Key]")!.Value == key);
        foreach (var (name, on) in new[] { ("AllowNew", allowNew), ("RequiresPayment", paid), ("AdminOnly", adminOnly) })
        {
            form.QuerySelector<IHtmlInputElement>($"input[type=checkbox][name={name}]")!.IsChecked = on;
        }
        return await Html.SubmitFormAsync(admin, form, new Dictionary<string, string>());
    }

    [Fact]
    public async Task An_admin_opens_an_add_on_for_vip_and_a_vehicle_activated_then_keeps_it_after_the_switches_close()
    {
        var (admin, _) = await Flows.AdminClientAsync(factory, "addon-admin@example.de");
        await factory.CreateUserAsync("addon-vip@example.de", Roles.Vip);
        await factory.CreateUserAsync("addon-frei@example.de", Roles.User);
        var (vipVehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "addon-vip@example.de", 0);
        var (freeVehicle, _) = await VehicleSeed.CreateVehicleWithEntriesAsync(factory, "addon-frei@example.de", 0);
        var vip = AddonActor.From([Roles.Vip]);
        var free = AddonActor.From([Roles.User]);

        // Closed by default.
        Assert.Equal(AddonDecision.NotAvailable, await WithAccessAsync((a, id) => a.EnableAsync(id, AddonKeys.Restauration, vip, default), vipVehicle));

        Html.AssertRedirect(await SwitchAsync(admin, AddonKeys.Restauration, allowNew: true, paid: true, adminOnly: false), "/Admin/Addons");
        var stored = await factory.WithDbAsync(db => db.AddonConfigs.AsNoTracking().SingleAsync(c => c.Key == AddonKeys.Restauration));
        Assert.True(stored.AllowNew && stored.RequiresPayment && !stored.AdminOnly);
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.Action == AuditActions.AddonConfigChanged).ToListAsync());
        Assert.Single(audit);

        Assert.Equal(AddonDecision.PaywallRequired, await WithAccessAsync((a, id) => a.EnableAsync(id, AddonKeys.Restauration, free, default), freeVehicle));
        Assert.Equal(AddonDecision.Allowed, await WithAccessAsync((a, id) => a.EnableAsync(id, AddonKeys.Restauration, vip, default), vipVehicle));
        var first = await factory.WithDbAsync(db => db.VehicleAddons.AsNoTracking().Where(s => s.Key == AddonKeys.Restauration).Select(s => s.FirstEnabledAt).SingleAsync());
        Assert.NotNull(first);

        // Everything closed again: the vehicle activated before keeps it; nobody else gets it.
        Html.AssertRedirect(await SwitchAsync(admin, AddonKeys.Restauration, allowNew: false, paid: true, adminOnly: true), "/Admin/Addons");
        Assert.Equal(AddonDecision.Grandfathered, await WithAccessAsync((a, id) => a.CheckAsync(id, AddonKeys.Restauration, vip, default), vipVehicle));
        Assert.Equal(AddonDecision.Grandfathered, await WithAccessAsync((a, id) => a.EnableAsync(id, AddonKeys.Restauration, vip, default), vipVehicle));
        Assert.Equal(AddonDecision.AdminOnly, await WithAccessAsync((a, id) => a.CheckAsync(id, AddonKeys.Restauration, free, default), freeVehicle));
        Assert.Equal(first, await factory.WithDbAsync(db => db.VehicleAddons.AsNoTracking().Where(s => s.Key == AddonKeys.Restauration).Select(s => s.FirstEnabledAt).SingleAsync()));
        Assert.Equal(2, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.AddonConfigChanged)));

        // Saving unchanged switches writes no audit event; an unknown add-on key is not found.
        Html.AssertRedirect(await SwitchAsync(admin, AddonKeys.Restauration, allowNew: false, paid: true, adminOnly: true), "/Admin/Addons");
        Assert.Equal(2, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == AuditActions.AddonConfigChanged)));
        var (_, page) = await Html.GetAsync(admin, "/Admin/Addons");
        var unknown = await Html.SubmitAsync(admin, page, new Dictionary<string, string> { ["Key"] = "premium_docs" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_switches_page_is_for_admins_only()
    {
        var vip = await Flows.SignedInClientAsync(factory, "addon-nicht-admin@example.de", Roles.Vip);
        var response = await vip.GetAsync("/Admin/Addons");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{(int)response.StatusCode}");
    }
}
