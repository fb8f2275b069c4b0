namespace LifeTimeCircle.Domain;

public enum AccountKind
{
    Privat,
    Gewerblich,
}

/// <summary>Business types; also the taxonomy for "performed by" (SPEC §2).</summary>
public enum BusinessType
{
    Fachwerkstatt,
    Haendler,
    Autohaus,
    Reifenservice,
    TuningFachbetrieb,
    Sonstiges,
    Gesetzliches,
    Eigenleistung,
}

public static class BusinessTypes
{
    public static string DisplayName(BusinessType type) => type switch
    {
        BusinessType.Fachwerkstatt => "Fachwerkstatt",
        BusinessType.Haendler => "Händler",
        BusinessType.Autohaus => "Autohaus",
        BusinessType.Reifenservice => "Reifenservice",
        BusinessType.TuningFachbetrieb => "Tuning-Fachbetrieb",
        BusinessType.Sonstiges => "Sonstiges",
        BusinessType.Gesetzliches => "Gesetzliches (TÜV / Gutachten / Wertgutachten)",
        BusinessType.Eigenleistung => "Eigenleistung",
        _ => type.ToString(),
    };

    /// <summary>Types a business account can register as (Eigenleistung is for owners' own work only).</summary>
    public static readonly IReadOnlyList<BusinessType> Registrable =
    [
        BusinessType.Fachwerkstatt, BusinessType.Haendler, BusinessType.Autohaus, BusinessType.Reifenservice,
        BusinessType.TuningFachbetrieb, BusinessType.Gesetzliches, BusinessType.Sonstiges,
    ];
}

/// <summary>
/// A business registration is a claim until an admin has checked it (SPEC §2): Pending accounts have the limits of
/// <c>user</c>; only Approved businesses get the <c>dealer</c> role.
/// </summary>
public enum BusinessStatus
{
    None,
    Pending,
    Approved,
    Rejected,
}
