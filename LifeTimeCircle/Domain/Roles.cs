namespace LifeTimeCircle.Domain;

/// <summary>The six product roles (SPEC §1). Each account has exactly one.</summary>
public static class Roles
{
    public const string Superadmin = "superadmin";
    public const string Admin = "admin";
    public const string Dealer = "dealer";
    public const string Vip = "vip";
    public const string User = "user";
    public const string Moderator = "moderator";

    public static readonly IReadOnlyList<string> All = [Superadmin, Admin, Dealer, Vip, User, Moderator];

    /// <summary>Roles that may use owner features (vehicles, documents, exports …).</summary>
    public static readonly IReadOnlyList<string> Product = [Superadmin, Admin, Dealer, Vip, User];

    public static readonly IReadOnlyList<string> Administrators = [Superadmin, Admin];

    public static string DisplayName(string role) => role switch
    {
        Superadmin => "Superadmin",
        Admin => "Admin",
        Dealer => "Händler/Werkstatt",
        Vip => "VIP",
        User => "Privat",
        Moderator => "Moderator",
        _ => role,
    };
}
