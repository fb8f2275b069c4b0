using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Trust;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Tests.Domain;

/// <summary>
/// The Unfall-Trust folder drives the Trust-Ampel exactly as SPEC §6 says (ADR 0023): every combination of valid document
/// roles of a damage event, more than one event, the empty folder, the old self-declaration and the other accident states.
/// </summary>
public sealed class AccidentFolderTests
{
    private static readonly DamageEvidenceRole[] Roles = Enum.GetValues<DamageEvidenceRole>();

    /// <summary>All 16 sets of roles with valid evidence one damage event can hold.</summary>
    public static TheoryData<int> RoleSets()
    {
        var data = new TheoryData<int>();
        for (var mask = 0; mask < 1 << Roles.Length; mask++) data.Add(mask);
        return data;
    }

    private static IReadOnlySet<DamageEvidenceRole> Set(int mask) => Roles.Where((_, i) => (mask & (1 << i)) != 0).ToHashSet();

    /// <summary>A vehicle that is otherwise perfect (every entry evidenced, service book, no open document): only the accident can cost Grün.</summary>
    private static TrustResult Light(TrustAccidentStatus status, AccidentTrustState folder) =>
        TrustEngine.Evaluate(new TrustInput([new TrustEntryInput(EntryTrustLevel.T3)], [], status, folder.Completed, folder.Evidenced, true, 0));

    [Theory]
    [MemberData(nameof(RoleSets))]
    public void One_damage_event_drives_the_light_by_the_roles_of_its_valid_documents(int mask)
    {
        var roles = Set(mask);
        var state = AccidentFolder.Evaluate(folderOpened: true, legacyCompleted: false, vehicleHasValidGutachten: false, [roles]);
        var repairDocumented = (roles.Contains(DamageEvidenceRole.Gutachten) || roles.Contains(DamageEvidenceRole.Reparaturrechnung))
            && roles.Contains(DamageEvidenceRole.FotoNachher);
        Assert.Equal(repairDocumented, state.Completed);
        Assert.Equal(repairDocumented && roles.Contains(DamageEvidenceRole.Gutachten), state.Evidenced);

        var result = Light(TrustAccidentStatus.NichtUnfallfrei, state);
        var (light, code) = !repairDocumented ? (TrustLight.Orange, TrustEngine.AccidentNotFree.Code)
            : !roles.Contains(DamageEvidenceRole.Gutachten) ? (TrustLight.Gelb, TrustEngine.AccidentMissingEvidence.Code)
            : (TrustLight.Gruen, (string?)null);
        Assert.Equal(light, result.Light);
        Assert.Equal(code is null ? [] : [code], result.Reasons.Select(r => r.Code));

        // Unbekannt caps at Orange and Unfallfrei ignores the folder, whatever it holds.
        Assert.Equal([TrustEngine.AccidentUnknown.Code], Light(TrustAccidentStatus.Unbekannt, state).Reasons.Select(r => r.Code));
        Assert.Equal(TrustLight.Orange, Light(TrustAccidentStatus.Unbekannt, state).Light);
        Assert.Equal(TrustLight.Gruen, Light(TrustAccidentStatus.Unfallfrei, state).Light);
    }

    [Fact]
    public void Before_photos_alone_never_count_and_an_after_photo_needs_a_report_or_invoice()
    {
        Assert.False(AccidentFolder.IsRepairDocumented(new HashSet<DamageEvidenceRole> { DamageEvidenceRole.FotoVorher, DamageEvidenceRole.FotoNachher }));
        Assert.False(AccidentFolder.IsRepairDocumented(new HashSet<DamageEvidenceRole> { DamageEvidenceRole.Reparaturrechnung, DamageEvidenceRole.FotoVorher }));
        Assert.True(AccidentFolder.IsRepairDocumented(new HashSet<DamageEvidenceRole> { DamageEvidenceRole.Reparaturrechnung, DamageEvidenceRole.FotoNachher }));
    }

    [Fact]
    public void Every_damage_event_must_be_documented_and_an_opened_empty_folder_is_not()
    {
        var full = new HashSet<DamageEvidenceRole> { DamageEvidenceRole.Gutachten, DamageEvidenceRole.FotoNachher };
        var invoice = new HashSet<DamageEvidenceRole> { DamageEvidenceRole.Reparaturrechnung, DamageEvidenceRole.FotoNachher };
        var bare = new HashSet<DamageEvidenceRole>();
        Assert.Equal(new AccidentTrustState(true, true), AccidentFolder.Evaluate(true, false, false, [full, full]));
        Assert.Equal(new AccidentTrustState(true, false), AccidentFolder.Evaluate(true, false, false, [full, invoice]));
        Assert.Equal(new AccidentTrustState(false, false), AccidentFolder.Evaluate(true, false, false, [full, bare]));
        // Opened, then every event deleted: nothing is documented, whatever the old checkbox or a Gutachten elsewhere says.
        Assert.Equal(new AccidentTrustState(false, false), AccidentFolder.Evaluate(true, true, true, []));
        Assert.Equal(TrustLight.Orange, Light(TrustAccidentStatus.NichtUnfallfrei, AccidentFolder.Evaluate(true, true, true, [])).Light);
    }

    [Theory]
    [InlineData(false, false, TrustLight.Orange)]
    [InlineData(false, true, TrustLight.Orange)]
    [InlineData(true, false, TrustLight.Gelb)]
    [InlineData(true, true, TrustLight.Gruen)]
    public void A_folder_never_opened_keeps_the_old_checkbox_and_any_valid_gutachten_of_the_vehicle(bool checkbox, bool gutachten, TrustLight expected)
    {
        var state = AccidentFolder.Evaluate(folderOpened: false, checkbox, gutachten, []);
        Assert.Equal(new AccidentTrustState(checkbox, gutachten), state);
        Assert.Equal(expected, Light(TrustAccidentStatus.NichtUnfallfrei, state).Light);
    }

    [Fact]
    public void The_folder_is_opened_once_and_keeps_its_first_date()
    {
        var now = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var vehicle = new Vehicle("owner", Vin.Parse("WVWZZZ1JZ00000001"), "c", "h",
            new VehicleDetails("VW", "Golf", 2015, VehicleClass.Alltag, null, null, null, null, AccidentStatus.NichtUnfallfrei, false, null), now);
        Assert.Null(vehicle.AccidentFolderOpenedAt);
        vehicle.OpenAccidentFolder(now);
        Assert.Equal(now, vehicle.AccidentFolderOpenedAt);
        vehicle.OpenAccidentFolder(now.AddDays(1));
        Assert.Equal(now, vehicle.AccidentFolderOpenedAt);
        Assert.False(vehicle.LegacyAccidentTrustCompleted);
    }

    [Fact]
    public void A_damage_event_refuses_a_future_date_and_an_empty_description_in_german()
    {
        var today = new DateOnly(2026, 12, 3);
        var now = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal("OccurredOn", Assert.Throws<DomainException>(() => new DamageEvent(1, today.AddDays(1), "Stoßfänger", null, today, now)).Field);
        Assert.Equal("Damage", Assert.Throws<DomainException>(() => new DamageEvent(1, today, "  ", null, today, now)).Field);
        Assert.Equal("PerformedBy", Assert.Throws<DomainException>(() => new DamageEvent(1, today, "Tür", new string('x', 121), today, now)).Field);
        var e = new DamageEvent(1, today, "  Tür links  ", "  ", today, now);
        Assert.Equal("Tür links", e.Damage);
        Assert.Null(e.PerformedBy);
    }
}
