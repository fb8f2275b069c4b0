using LifeTimeCircle.Domain.Trust;

namespace LifeTimeCircle.Tests.Domain;

public sealed class TrustEngineTests
{
    private static TrustInput Input(
        IReadOnlyList<TrustEntryInput>? entries = null,
        IReadOnlyList<TrustDocumentInput>? documents = null,
        TrustAccidentStatus accident = TrustAccidentStatus.Unfallfrei,
        bool completed = false,
        bool evidenced = false,
        bool serviceBook = false,
        int odometerFlags = 0) =>
        new(entries ?? [], documents ?? [], accident, completed, evidenced, serviceBook, odometerFlags);

    private static readonly TrustEntryInput T3 = new(EntryTrustLevel.T3);
    private static readonly TrustEntryInput T2 = new(EntryTrustLevel.T2);
    private static readonly TrustEntryInput T1 = new(EntryTrustLevel.T1);

    [Fact]
    public void The_catalog_is_valid_and_matches_the_specification()
    {
        Assert.Empty(TrustEngine.ValidateCatalog());
        Assert.Equal(13, TrustEngine.Catalog.Count);
        Assert.Equal("Offene Datenschutz-Prüfung blockiert die höchste Trust-Stufe.", TrustEngine.PiiSuspected.Hint);
        Assert.Equal(TrustSeverity.Cap, TrustEngine.DocumentQuarantined.Severity);
        Assert.Equal(61, TrustEngine.PiiConfirmed.Priority);
    }

    [Fact]
    public void No_entries_and_unknown_accident_status_is_orange_with_the_evidence_hint()
    {
        var result = TrustEngine.Evaluate(Input(accident: TrustAccidentStatus.Unbekannt));
        Assert.Equal(TrustLight.Orange, result.Light);
        Assert.Equal(TrustEngine.PublicEvidenceIncomplete.Hint, result.Hint);
        Assert.Equal(["public_evidence_incomplete", "accident_status_unknown_cap_orange"], result.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Evidenced_entries_and_accident_free_are_green_with_the_fallback_hint()
    {
        var result = TrustEngine.Evaluate(Input([T3, T3]));
        Assert.Equal(TrustLight.Gruen, result.Light);
        Assert.Equal("Dokumentation ist vollständig nachweisbar.", result.Hint);
        Assert.Empty(result.Todos(isVip: false));
    }

    [Fact]
    public void An_open_pii_suspicion_is_red()
    {
        var result = TrustEngine.Evaluate(Input([T3], [new TrustDocumentInput(false, TrustPiiState.Suspected)]));
        Assert.Equal(TrustLight.Rot, result.Light);
        Assert.Equal("pii_suspected_blocks_t3", result.Reasons[0].Code);
        Assert.Equal(TrustLight.Rot, TrustEngine.Evaluate(Input([T3], [new TrustDocumentInput(false, TrustPiiState.Confirmed)])).Light);
    }

    [Fact]
    public void A_quarantined_document_caps_at_orange()
    {
        var result = TrustEngine.Evaluate(Input([T3], [new TrustDocumentInput(true, TrustPiiState.Ok)]));
        Assert.Equal(TrustLight.Orange, result.Light);
        Assert.Equal(TrustEngine.DocumentQuarantined.Hint, result.Hint);
    }

    [Fact]
    public void An_unresolved_odometer_flag_is_a_reason()
    {
        var result = TrustEngine.Evaluate(Input([T3], odometerFlags: 1));
        Assert.Equal(TrustLight.Gelb, result.Light);
        Assert.Contains(result.Reasons, r => r.Code == "odometer_anomaly_unresolved");
    }

    [Fact]
    public void Service_book_levels_produce_their_reasons()
    {
        Assert.Equal(["t3_requires_document_missing"], TrustEngine.Evaluate(Input([T2], serviceBook: true)).Reasons.Select(r => r.Code));
        Assert.Equal(["t1_physical_servicebook_not_present"], TrustEngine.Evaluate(Input([T1])).Reasons.Select(r => r.Code));
        Assert.Equal(["public_evidence_incomplete", "t2_requires_physical_servicebook_missing"],
            TrustEngine.Evaluate(Input([T3, T1])).Reasons.Select(r => r.Code));
        Assert.Equal(["entry_required_fields_missing"], TrustEngine.Evaluate(Input([new TrustEntryInput(EntryTrustLevel.T3, RequiredFieldsMissing: true)])).Reasons.Select(r => r.Code));
        Assert.Equal(["trusted_upload_hash_missing"], TrustEngine.Evaluate(Input([T3], [new TrustDocumentInput(false, TrustPiiState.Ok, HashMissing: true)])).Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Accident_rules_unknown_caps_and_not_free_needs_completed_evidenced_accident_trust()
    {
        Assert.Equal(TrustLight.Orange, TrustEngine.Evaluate(Input([T3], accident: TrustAccidentStatus.NichtUnfallfrei)).Light);
        var completedNoEvidence = TrustEngine.Evaluate(Input([T3], accident: TrustAccidentStatus.NichtUnfallfrei, completed: true));
        Assert.Equal(TrustLight.Gelb, completedNoEvidence.Light);
        Assert.Equal("accident_trust_missing_evidence", completedNoEvidence.Reasons.Single().Code);
        Assert.Equal(TrustLight.Gruen, TrustEngine.Evaluate(Input([T3], accident: TrustAccidentStatus.NichtUnfallfrei, completed: true, evidenced: true)).Light);
    }

    [Fact]
    public void Reasons_are_sorted_by_priority_then_code_and_vip_sees_the_top_three_todos()
    {
        var result = TrustEngine.Evaluate(Input([T3, T1], [new TrustDocumentInput(true, TrustPiiState.Ok, true)], TrustAccidentStatus.Unbekannt, odometerFlags: 2));
        var codes = result.Reasons.Select(r => r.Code).ToList();
        Assert.Equal(codes.OrderBy(c => TrustEngine.Catalog.Single(r => r.Code == c).Priority).ThenBy(c => c, StringComparer.Ordinal), codes);
        Assert.Equal(3, result.Todos(isVip: true).Count);
        Assert.Equal(result.Reasons.Count, result.Todos(isVip: false).Count);
        Assert.Equal(codes.Take(3), result.Todos(isVip: true).Select(r => r.Code));
    }

    [Fact]
    public void Every_catalog_code_is_reachable()
    {
        var inputs = new[]
        {
            Input(accident: TrustAccidentStatus.Unbekannt),
            Input([T3, T1], [new TrustDocumentInput(true, TrustPiiState.Suspected, true), new TrustDocumentInput(false, TrustPiiState.Confirmed)], odometerFlags: 1),
            Input([T2, new TrustEntryInput(EntryTrustLevel.T2, true)], serviceBook: true, accident: TrustAccidentStatus.NichtUnfallfrei),
            Input([T1], accident: TrustAccidentStatus.NichtUnfallfrei, completed: true),
        };
        var reached = inputs.SelectMany(i => TrustEngine.Evaluate(i).Reasons).Select(r => r.Code).ToHashSet();
        Assert.Equal(TrustEngine.Catalog.Select(r => r.Code).Order(), reached.Order());
    }
}
