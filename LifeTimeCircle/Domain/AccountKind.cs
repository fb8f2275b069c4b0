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
