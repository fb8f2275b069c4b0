namespace LifeTimeCircle.Domain.Addons;

/// <summary>The add-ons the gate knows (SPEC §12, ADR 0023). An unknown key is never available (deny by default).</summary>
public static class AddonKeys
{
    public const string Oldtimer = "oldtimer";
    public const string Restauration = "restauration";

    public static readonly IReadOnlyList<string> All = [Oldtimer, Restauration];

    public static bool IsKnown(string? key) => key is not null && All.Contains(key, StringComparer.Ordinal);

    public static string Name(string key) => key switch
    {
        Oldtimer => "Oldtimer-Trust-Ordner",
        Restauration => "Restauration-Trust-Ordner",
        _ => key,
    };
}

/// <summary>
/// An admin's switches for one add-on: new activations allowed at all, only with a paid plan, only for admins. A
/// missing row means the defaults (no new activations, paid, not admin-only): an add-on starts closed.
/// </summary>
public sealed class AddonConfig
{
    private AddonConfig() { }

    public AddonConfig(string key, DateTimeOffset now)
    {
        if (!AddonKeys.IsKnown(key)) throw new DomainException("Unbekanntes Add-on.");
        Key = key;
        RequiresPayment = true;
        UpdatedAt = now;
    }

    public string Key { get; private set; } = "";
    public bool AllowNew { get; private set; }
    public bool RequiresPayment { get; private set; } = true;
    public bool AdminOnly { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? UpdatedBy { get; private set; }

    /// <summary>True when something changed.</summary>
    public bool Set(bool allowNew, bool requiresPayment, bool adminOnly, string adminId, DateTimeOffset now)
    {
        if (AllowNew == allowNew && RequiresPayment == requiresPayment && AdminOnly == adminOnly) return false;
        AllowNew = allowNew;
        RequiresPayment = requiresPayment;
        AdminOnly = adminOnly;
        UpdatedBy = adminId;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>
/// An add-on on one vehicle. <see cref="FirstEnabledAt"/> is set by the first activation and never cleared: from then on
/// the add-on stays usable for this vehicle whatever the switches say later (grandfathering, SPEC §12).
/// </summary>
public sealed class VehicleAddon
{
    private VehicleAddon() { }

    public VehicleAddon(long vehicleId, string key)
    {
        if (!AddonKeys.IsKnown(key)) throw new DomainException("Unbekanntes Add-on.");
        VehicleId = vehicleId;
        Key = key;
    }

    public long Id { get; private set; }
    public long VehicleId { get; private set; }
    public string Key { get; private set; } = "";
    public bool Active { get; private set; }
    public DateTimeOffset? FirstEnabledAt { get; private set; }

    public void Enable(DateTimeOffset now)
    {
        Active = true;
        FirstEnabledAt ??= now;
    }

    /// <summary>The owner switches it off; the first activation stays recorded, so switching on again always works.</summary>
    public void Disable() => Active = false;
}

public enum AddonDecision
{
    /// <summary>Enabled before: usable whatever the switches say.</summary>
    Grandfathered,
    /// <summary>A new activation the switches allow.</summary>
    Allowed,
    /// <summary>Unknown add-on, or new activations are switched off.</summary>
    NotAvailable,
    /// <summary>Only admins may activate it.</summary>
    AdminOnly,
    /// <summary>Needs a paid plan (VIP or business).</summary>
    PaywallRequired,
}

/// <summary>Who asks: an admin (admin, superadmin) and whether the account's plan includes add-ons (VIP, business).</summary>
public sealed record AddonActor(bool IsAdmin, bool HasPaidPlan)
{
    public static AddonActor From(IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return new AddonActor(list.Any(r => r is Roles.Admin or Roles.Superadmin), list.Any(r => r is Roles.Vip or Roles.Dealer));
    }
}

/// <summary>
/// The add-on gate (SPEC §12, backend inventory §11), in this order: enabled before → allowed (grandfathered);
/// unknown key → not available; admin-only and not an admin → refused; new activations off → not available; paid only,
/// not an admin and no paid plan → paywall; otherwise allowed.
/// </summary>
public static class AddonGate
{
    public static AddonDecision Decide(string key, AddonConfig? config, VehicleAddon? state, AddonActor actor)
    {
        if (state is { FirstEnabledAt: not null }) return AddonDecision.Grandfathered;
        if (!AddonKeys.IsKnown(key)) return AddonDecision.NotAvailable;
        var allowNew = config?.AllowNew ?? false;
        var requiresPayment = config?.RequiresPayment ?? true;
        var adminOnly = config?.AdminOnly ?? false;
        if (adminOnly && !actor.IsAdmin) return AddonDecision.AdminOnly;
        if (!allowNew) return AddonDecision.NotAvailable;
        if (requiresPayment && !actor.IsAdmin && !actor.HasPaidPlan) return AddonDecision.PaywallRequired;
        return AddonDecision.Allowed;
    }

    public static bool Usable(AddonDecision d) => d is AddonDecision.Grandfathered or AddonDecision.Allowed;

    /// <summary>Why not, in plain German for the owner.</summary>
    public static string Message(AddonDecision d) => d switch
    {
        AddonDecision.AdminOnly => "Dieses Add-on schaltet derzeit nur die Administration frei.",
        AddonDecision.PaywallRequired => "Dieses Add-on ist im VIP-Tarif enthalten. Mit Ihrem Tarif können Sie es nicht neu aktivieren.",
        AddonDecision.NotAvailable => "Dieses Add-on kann derzeit nicht neu aktiviert werden.",
        _ => "",
    };
}
