using System.Text.RegularExpressions;

namespace LifeTimeCircle.Domain.Vehicles;

/// <summary>
/// Vehicle identification number (SPEC §3): trimmed, upper-cased, spaces removed; 11–17 characters of
/// A–Z (without I, O, Q) and 0–9. A 17-character VIN whose ISO 3779 check digit does not match is accepted
/// with a warning (many non-North-American VINs do not use the check digit).
/// </summary>
public sealed partial record Vin
{
    private Vin(string value, bool checkDigitMismatch)
    {
        Value = value;
        CheckDigitMismatch = checkDigitMismatch;
    }

    public string Value { get; }
    public bool CheckDigitMismatch { get; }

    public static string Normalize(string? input) =>
        new string((input ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();

    public static Vin Parse(string? input)
    {
        var value = Normalize(input);
        if (value.Length == 0) throw new DomainException("Bitte geben Sie die Fahrgestellnummer (FIN) ein.", "Vin");
        if (value.IndexOfAny(['I', 'O', 'Q']) >= 0)
            throw new DomainException("Die FIN enthält nie die Buchstaben I, O oder Q. Meist ist die Ziffer 1 oder 0 gemeint.", "Vin");
        if (!Pattern().IsMatch(value))
            throw new DomainException("Die FIN besteht aus 11 bis 17 Buchstaben und Ziffern (17 bei Fahrzeugen ab 1981).", "Vin");
        return new Vin(value, value.Length == 17 && !CheckDigitMatches(value));
    }

    /// <summary>The first build year whose vehicles carry a 17-character VIN (ISO 3779 in general use).</summary>
    public const int SeventeenFrom = 1981;

    public const string BuildYearMessage = "Fahrzeuge ab Baujahr 1981 haben eine FIN mit genau 17 Zeichen. Bitte prüfen Sie FIN und Baujahr.";

    /// <summary>SPEC §3: 11–16 characters only for vehicles built before 1981; an unknown build year allows them.</summary>
    public void CheckBuildYear(int? buildYear, string field = "Vin")
    {
        if (buildYear >= SeventeenFrom && Value.Length != 17) throw new DomainException(BuildYearMessage, field);
    }

    /// <summary>First three + *** + last four, e.g. <c>WVW***0001</c>.</summary>
    public static string Mask(string value) => value.Length < 7 ? "***" : value[..3] + "***" + value[^4..];

    public string Masked => Mask(Value);

    /// <summary>ISO 3779 / 49 CFR 565 check digit at position 9.</summary>
    public static bool CheckDigitMatches(string vin)
    {
        if (vin.Length != 17) return true;
        int[] weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Transliterate(vin[i]) * weights[i];
        var remainder = sum % 11;
        var expected = remainder == 10 ? 'X' : (char)('0' + remainder);
        return vin[8] == expected;
    }

    private static int Transliterate(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        'A' or 'J' => 1,
        'B' or 'K' or 'S' => 2,
        'C' or 'L' or 'T' => 3,
        'D' or 'M' or 'U' => 4,
        'E' or 'N' or 'V' => 5,
        'F' or 'W' => 6,
        'G' or 'P' or 'X' => 7,
        'H' or 'Y' => 8,
        'R' or 'Z' => 9,
        _ => 0,
    };

    [GeneratedRegex("^[A-HJ-NPR-Z0-9]{11,17}$")]
    private static partial Regex Pattern();
}
