using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Addons;

namespace LifeTimeCircle.Tests.Domain;

/// <summary>The add-on gate (SPEC §12, ADR 0023) for every switch combination, every kind of actor, with and without an earlier activation.</summary>
public sealed class AddonGateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<bool, bool, bool> Switches()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var allowNew in new[] { false, true })
        foreach (var paid in new[] { false, true })
        foreach (var adminOnly in new[] { false, true })
            data.Add(allowNew, paid, adminOnly);
        return data;
    }

    private static AddonConfig Config(bool allowNew, bool paid, bool adminOnly)
    {
        var c = new AddonConfig(AddonKeys.Restauration, Now);
        c.Set(allowNew, paid, adminOnly, "admin", Now);
        return c;
    }

    [Theory]
    [MemberData(nameof(Switches))]
    public void Each_switch_combination_decides_new_activations_and_never_touches_an_earlier_one(bool allowNew, bool paid, bool adminOnly)
    {
        var config = Config(allowNew, paid, adminOnly);
        var free = AddonActor.From([Roles.User]);
        var vip = AddonActor.From([Roles.Vip]);
        var admin = AddonActor.From([Roles.Admin]);

        AddonDecision Expected(AddonActor a) =>
            adminOnly && !a.IsAdmin ? AddonDecision.AdminOnly
            : !allowNew ? AddonDecision.NotAvailable
            : paid && !a.IsAdmin && !a.HasPaidPlan ? AddonDecision.PaywallRequired
            : AddonDecision.Allowed;

        foreach (var actor in new[] { free, vip, admin })
        {
            Assert.Equal(Expected(actor), AddonGate.Decide(AddonKeys.Restauration, config, null, actor));
            // Known but never activated: the same as without a state row.
            Assert.Equal(Expected(actor), AddonGate.Decide(AddonKeys.Restauration, config, new VehicleAddon(1, AddonKeys.Restauration), actor));
            // Activated once (even switched off again since): usable forever, whatever the switches say.
            var earlier = new VehicleAddon(1, AddonKeys.Restauration);
            earlier.Enable(Now.AddYears(-1));
            earlier.Disable();
            Assert.Equal(AddonDecision.Grandfathered, AddonGate.Decide(AddonKeys.Restauration, config, earlier, actor));
        }

        // The concrete table for the three actors (free user, VIP, admin).
        var table = (allowNew, paid, adminOnly) switch
        {
            (_, _, true) when !allowNew => (AddonDecision.AdminOnly, AddonDecision.AdminOnly, AddonDecision.NotAvailable),
            (false, _, false) => (AddonDecision.NotAvailable, AddonDecision.NotAvailable, AddonDecision.NotAvailable),
            (true, true, false) => (AddonDecision.PaywallRequired, AddonDecision.Allowed, AddonDecision.Allowed),
            (true, false, false) => (AddonDecision.Allowed, AddonDecision.Allowed, AddonDecision.Allowed),
            (true, _, true) => (AddonDecision.AdminOnly, AddonDecision.AdminOnly, AddonDecision.Allowed),
            _ => throw new InvalidOperationException("Kombination fehlt in der Tabelle"),
        };
        Assert.Equal(table, (AddonGate.Decide(AddonKeys.Restauration, config, null, free), AddonGate.Decide(AddonKeys.Restauration, config, null, vip),
            AddonGate.Decide(AddonKeys.Restauration, config, null, admin)));
    }

    [Fact]
    public void Without_a_saved_config_an_add_on_is_closed_and_an_unknown_key_is_never_available()
    {
        Assert.Equal(AddonDecision.NotAvailable, AddonGate.Decide(AddonKeys.Oldtimer, null, null, AddonActor.From([Roles.Admin])));
        Assert.Equal(AddonDecision.NotAvailable, AddonGate.Decide("premium_docs", null, null, AddonActor.From([Roles.Superadmin])));
        Assert.Throws<DomainException>(() => new AddonConfig("premium_docs", Now));
        Assert.Throws<DomainException>(() => new VehicleAddon(1, "premium_docs"));
    }

    [Fact]
    public void Vip_and_business_plans_include_add_ons_and_the_first_activation_is_kept()
    {
        Assert.True(AddonActor.From([Roles.Vip]).HasPaidPlan);
        Assert.True(AddonActor.From([Roles.Dealer]).HasPaidPlan);
        Assert.False(AddonActor.From([Roles.User]).HasPaidPlan);
        Assert.True(AddonActor.From([Roles.Superadmin]).IsAdmin);
        var state = new VehicleAddon(1, AddonKeys.Oldtimer);
        state.Enable(Now);
        state.Disable();
        state.Enable(Now.AddDays(30));
        Assert.Equal(Now, state.FirstEnabledAt);
        Assert.True(state.Active);
    }
}
