using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Tests.Domain;

public sealed class VehicleRulesTests
{
    [Theory]
    [InlineData(" wvw zzz1jz yw000001 ", "WVWZZZ1JZYW000001")]
    [InlineData("1m8gdm9axkp042788", "1M8GDM9AXKP042788")]
    [InlineData("ABC12345678", "ABC12345678")]
    public void A_vin_is_trimmed_upper_cased_and_spaces_removed(string input, string expected) => Assert.Equal(expected, Vin.Parse(input).Value);

    [Theory]
    [InlineData("WVWZZZ1JZYW00000I")]
    [InlineData("WVWZZZ1JZYWO00001")]
    [InlineData("QVWZZZ1JZYW000001")]
    [InlineData("ABC1234567")]
    [InlineData("WVWZZZ1JZYW0000012")]
    [InlineData("WVW-ZZZ1JZYW00001")]
    [InlineData("")]
    public void Invalid_vins_are_refused_with_a_german_message(string input)
    {
        var ex = Assert.Throws<DomainException>(() => Vin.Parse(input));
        Assert.Contains("FIN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_iso_3779_check_digit_is_verified_for_17_characters()
    {
        Assert.False(Vin.Parse("1M8GDM9AXKP042788").CheckDigitMismatch);
        Assert.True(Vin.Parse("1M8GDM9A1KP042788").CheckDigitMismatch);
        Assert.False(Vin.Parse("ABC12345678").CheckDigitMismatch);
    }

    [Fact]
    public void A_vin_is_masked_as_first_three_stars_last_four() => Assert.Equal("WVW***0001", Vin.Parse("WVWZZZ1JZYW000001").Masked);

    [Theory]
    [InlineData("1.234,56", 123456)]
    [InlineData("1234,56", 123456)]
    [InlineData("1234.56", 123456)]
    [InlineData("1,234.56", 123456)]
    [InlineData("1.234", 123400)]
    [InlineData("1.234.567,8", 123456780)]
    [InlineData("0,99 €", 99)]
    [InlineData("12", 1200)]
    [InlineData("12,5", 1250)]
    public void Costs_are_parsed_exactly_from_german_and_english_input(string input, long cents)
    {
        Assert.True(Money.TryParseToCents(input, out var parsed));
        Assert.Equal(cents, parsed);
    }

    [Theory]
    [InlineData("1,2,3")]
    [InlineData("12,345,6")]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1,234,5")]
    [InlineData("1.23.4")]
    [InlineData("1,999")]
    public void Nonsense_costs_are_refused(string input)
    {
        // "1,999" is German for 1.999 € with three decimals, which is not a price.
        Assert.False(Money.TryParseToCents(input, out _));
    }

    [Fact]
    public void Costs_are_prefilled_with_a_german_decimal_comma() => Assert.Equal("1234,56", Money.ToInput(123456));

    private static EntryValues Values(int km, int day = 10) =>
        new(new DateOnly(2024, 3, day), EntryCategory.Inspektion, BusinessType.Fachwerkstatt, null, km, null, null, false);

    [Fact]
    public void A_correction_is_a_new_version_and_the_old_one_stays()
    {
        var now = DateTimeOffset.UtcNow;
        var first = Entry.Create(1, Values(1000), "u", now, new DateOnly(2026, 1, 1));
        var second = first.Correct(Values(1100), "u", now, new DateOnly(2026, 1, 1));
        Assert.Equal(first.GroupId, second.GroupId);
        Assert.Equal(2, second.Version);
        Assert.False(first.IsLatest);
        Assert.True(second.IsLatest);
        Assert.Equal(1000, first.OdometerKm);
        Assert.Throws<DomainException>(() => first.Correct(Values(1200), "u", now, new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void Entries_cannot_be_dated_in_the_future()
    {
        var ex = Assert.Throws<DomainException>(() => Entry.Create(1, Values(1000), "u", DateTimeOffset.UtcNow, new DateOnly(2024, 3, 9)));
        Assert.Equal("Date", ex.Field);
    }

    [Fact]
    public void The_trust_level_of_an_entry_is_derived()
    {
        Assert.Equal(EntryTrustLevel.T3, Entry.TrustLevel(hasValidEvidence: true, vehicleHasPhysicalServiceBook: false));
        Assert.Equal(EntryTrustLevel.T2, Entry.TrustLevel(hasValidEvidence: false, vehicleHasPhysicalServiceBook: true));
        Assert.Equal(EntryTrustLevel.T1, Entry.TrustLevel(hasValidEvidence: false, vehicleHasPhysicalServiceBook: false));
    }

    [Fact]
    public void Odometer_readings_below_earlier_ones_or_with_implausible_jumps_are_flagged()
    {
        var march = new DateOnly(2024, 3, 10);
        var earlier = (50_000, new DateOnly(2024, 1, 10));
        Assert.Equal(OdometerFlagKind.LowerThanEarlier, OdometerFlag.Check(march, 40_000, earlier, earlier)!.Value.Kind);
        Assert.Null(OdometerFlag.Check(march, 55_000, earlier, earlier));
        // 60 days × 2,000 km = 120,000 km is the most that is plausible.
        Assert.Null(OdometerFlag.Check(march, 50_000 + 120_000, earlier, earlier));
        Assert.Equal(OdometerFlagKind.ImplausibleJump, OdometerFlag.Check(march, 50_000 + 120_001, earlier, earlier)!.Value.Kind);
        Assert.Null(OdometerFlag.Check(march, 10, null, null));
    }

    [Fact]
    public void The_odometer_review_flags_a_nachtrag_with_more_km_and_the_later_entry_both_ways()
    {
        OdometerReading R(long id, int year, int km) => new(id, "g" + id, new DateOnly(year, 6, 1), km);
        var timeline = new[] { R(1, 2020, 50_000), R(2, 2022, 80_000), R(3, 2021, 90_000) };
        var findings = OdometerReview.Review(timeline).ToDictionary(f => f.EntryId);
        Assert.Equal(2, findings.Count);
        Assert.Equal((OdometerFlagKind.HigherThanLater, "g2", 80_000), (findings[3].Kind, findings[3].ReferenceGroupId, findings[3].ReferenceKm));
        Assert.Equal((OdometerFlagKind.LowerThanEarlier, "g3", 90_000), (findings[2].Kind, findings[2].ReferenceGroupId, findings[2].ReferenceKm));
        // The outlier corrected: nothing left.
        Assert.Empty(OdometerReview.Review([R(1, 2020, 50_000), R(2, 2022, 80_000), R(3, 2021, 65_000)]));
        // Same day never conflicts; a jump is measured from the closest earlier day.
        Assert.Empty(OdometerReview.Review([new(1, "a", new DateOnly(2024, 1, 1), 10_000), new(2, "b", new DateOnly(2024, 1, 1), 9_000)]));
        var jump = Assert.Single(OdometerReview.Review([R(1, 2020, 10_000), new(2, "b", new DateOnly(2020, 6, 3), 20_000)]));
        Assert.Equal((2L, OdometerFlagKind.ImplausibleJump, "g1"), (jump.EntryId, jump.Kind, jump.ReferenceGroupId));
    }

    [Theory]
    [InlineData("2.0 TDI 110 kW", EngineType.Diesel, null)]
    [InlineData("Quattro Benziner", EngineType.Benzin, DriveLayout.Allrad)]
    [InlineData("Plug-in-Hybrid, Allrad", EngineType.PluginHybrid, DriveLayout.Allrad)]
    [InlineData("Diesel-Hybrid", EngineType.Hybrid, null)]
    [InlineData("Elektro Heckantrieb", EngineType.Elektro, DriveLayout.Heck)]
    [InlineData("LPG Autogas Front", EngineType.Gas, DriveLayout.Front)]
    [InlineData("Brennstoffzelle", EngineType.Wasserstoff, null)]
    [InlineData("V8 5,0 l", EngineType.Sonstiges, null)]
    public void Old_engine_free_text_maps_to_the_closest_coarse_value(string text, EngineType engine, DriveLayout? drive) =>
        Assert.Equal((engine, drive), EngineDriveTexts.Classify(text));

    [Fact]
    public void A_vin_shorter_than_17_is_only_for_vehicles_built_before_1981()
    {
        var sixteen = Vin.Parse("ABCDEFGH12345678");
        var ex = Assert.Throws<DomainException>(() => sixteen.CheckBuildYear(1995));
        Assert.Equal(Vin.BuildYearMessage, ex.Message);
        sixteen.CheckBuildYear(1980);
        sixteen.CheckBuildYear(null);
        Vin.Parse("WVWZZZ1JZYW000001").CheckBuildYear(1995);
    }

    [Fact]
    public void The_paywall_allows_one_vehicle_for_users_and_more_with_entitlements()
    {
        Assert.Equal(1, Paywall.Limit([Roles.User], 0));
        Assert.Equal(3, Paywall.Limit([Roles.User], 2));
        Assert.Null(Paywall.Limit([Roles.Vip], 0));
        Assert.Null(Paywall.Limit([Roles.Dealer], 0));
        Assert.Null(Paywall.Limit([Roles.Admin], 0));
        Assert.Null(Paywall.Limit([Roles.Superadmin], 0));
    }

    [Fact]
    public void Public_ids_are_128_bit_and_url_safe()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => PublicIds.New()).ToList();
        Assert.All(ids, id => Assert.True(PublicIds.LooksValid(id), id));
        Assert.Equal(1000, ids.Distinct().Count());
    }
}
