namespace LifeTimeCircle.Domain;

/// <summary>A requested role change: who asks (and with which powers), whom it concerns, from which role to which.</summary>
public sealed record RoleChange(string ActorId, bool ActorIsSuperadmin, bool StepUpFresh, string TargetId, string CurrentRole, string NewRole, int Superadmins);

public enum RoleChangeVerdict { Allowed, StepUpRequired, InvalidRole, Refused }

/// <summary>
/// Who may change which role (SPEC §1, §10): only with a fresh step-up; only to one of the six roles; nobody changes
/// their own role; only a superadmin grants or takes away superadmin; the last superadmin keeps the role.
/// </summary>
public static class RoleChangeRules
{
    public const string InvalidRoleMessage = "Bitte wählen Sie eine gültige Rolle.";
    public const string OwnRoleMessage = "Die eigene Rolle kann nicht geändert werden.";
    public const string SuperadminOnlyMessage = "Nur ein Superadmin kann die Rolle Superadmin vergeben oder entziehen.";
    public const string LastSuperadminMessage = "Der letzte Superadmin behält seine Rolle. Ernennen Sie zuerst einen weiteren Superadmin.";

    public static (RoleChangeVerdict Verdict, string? Message) Check(RoleChange c)
    {
        if (!c.StepUpFresh) return (RoleChangeVerdict.StepUpRequired, null);
        if (!Roles.All.Contains(c.NewRole)) return (RoleChangeVerdict.InvalidRole, InvalidRoleMessage);
        if (c.ActorId == c.TargetId) return (RoleChangeVerdict.Refused, OwnRoleMessage);
        var touchesSuperadmin = c.NewRole == Roles.Superadmin || c.CurrentRole == Roles.Superadmin;
        if (touchesSuperadmin && !c.ActorIsSuperadmin) return (RoleChangeVerdict.Refused, SuperadminOnlyMessage);
        if (c.CurrentRole == Roles.Superadmin && c.NewRole != Roles.Superadmin && c.Superadmins <= 1) return (RoleChangeVerdict.Refused, LastSuperadminMessage);
        return (RoleChangeVerdict.Allowed, null);
    }
}
