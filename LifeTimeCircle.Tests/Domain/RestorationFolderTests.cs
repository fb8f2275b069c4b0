using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Addons;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Tests.Domain;

/// <summary>The certificate sentence of the Oldtimer- and Restauration-Trust folders and the stage invariants (ADR 0023 §3).</summary>
public sealed class RestorationFolderTests
{
    [Fact]
    public void The_summary_names_stage_kinds_as_belegt_or_not_without_numbers_or_own_titles()
    {
        Assert.Equal("Restauration-Trust: Karosserie, Lack und Motor belegt; Innenraum noch nicht belegt.", RestorationFolder.Summary(AddonKeys.Restauration,
            [(StageKind.Innenraum, false), (StageKind.Motor, true), (StageKind.Karosserie, true), (StageKind.Lack, true)]));
        // Two stages of one kind: belegt only when both are; own stages together as „weitere Etappen“.
        Assert.Equal("Oldtimer-Trust: weitere Etappen belegt; Lack noch nicht belegt.", RestorationFolder.Summary(AddonKeys.Oldtimer,
            [(StageKind.Lack, true), (StageKind.Lack, false), (StageKind.Frei, true), (StageKind.Frei, true)]));
        Assert.Equal("Oldtimer-Trust: Fahrwerk noch nicht belegt.", RestorationFolder.Summary(AddonKeys.Oldtimer, [(StageKind.Fahrwerk, false)]));
        Assert.Equal("Restauration-Trust: noch keine Etappen angelegt.", RestorationFolder.Summary(AddonKeys.Restauration, []));
        Assert.DoesNotMatch("[0-9]", RestorationFolder.Summary(AddonKeys.Restauration,
            Enum.GetValues<StageKind>().SelectMany(k => new[] { (k, true), (k, false), (k, true) })));
    }

    [Fact]
    public void A_stage_refuses_an_end_before_its_start_a_negative_cost_and_a_free_stage_without_title()
    {
        var today = new DateOnly(2026, 12, 3);
        var now = DateTimeOffset.UnixEpoch;
        var stage = new RestorationStage(1, AddonKeys.Restauration, now);
        Assert.Equal("EndedOn", Assert.Throws<DomainException>(() => stage.Update(StageKind.Lack, null, new DateOnly(2024, 5, 2), new DateOnly(2024, 5, 1), null, null, null, today, now)).Field);
        Assert.Equal("Cost", Assert.Throws<DomainException>(() => stage.Update(StageKind.Lack, null, new DateOnly(2024, 5, 2), null, null, null, -1, today, now)).Field);
        Assert.Equal("Title", Assert.Throws<DomainException>(() => stage.Update(StageKind.Frei, " ", new DateOnly(2024, 5, 2), null, null, null, null, today, now)).Field);
        stage.Update(StageKind.Lack, "ignoriert", new DateOnly(2024, 5, 2), new DateOnly(2024, 5, 2), " Lackiererei ", null, 0, today, now);
        Assert.Equal(("Lack", (string?)null, "Lackiererei", 0L), (stage.Name, stage.Title, stage.PerformedBy!, stage.CostCents!.Value));
        Assert.Throws<DomainException>(() => new RestorationStage(1, "premium_docs", now));
        Assert.Equal("Text", Assert.Throws<DomainException>(() => new StageMilestone(1, today, new string('x', 201), today, now)).Field);
    }
}
