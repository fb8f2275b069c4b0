namespace LifeTimeCircle.Domain.Trust;

public enum TrustSeverity
{
    Warn,
    Cap,
    Block,
}

public enum TrustLight
{
    Gruen,
    Gelb,
    Orange,
    Rot,
}

public enum EntryTrustLevel
{
    T1 = 1,
    T2 = 2,
    T3 = 3,
}

public enum TrustAccidentStatus
{
    Unbekannt,
    Unfallfrei,
    NichtUnfallfrei,
}

public enum TrustPiiState
{
    Ok,
    Suspected,
    Confirmed,
}

public sealed record TrustReason(string Code, int Priority, TrustSeverity Severity, string Hint);

/// <summary>One entry as the engine sees it: its derived level and whether required fields are missing (e.g. imports).</summary>
public sealed record TrustEntryInput(EntryTrustLevel Level, bool RequiredFieldsMissing = false);

/// <summary>One non-deleted document: still in quarantine, its PII state, whether its SHA-256 is missing.</summary>
public sealed record TrustDocumentInput(bool Quarantined, TrustPiiState Pii, bool HashMissing = false);

public sealed record TrustInput(
    IReadOnlyList<TrustEntryInput> Entries,
    IReadOnlyList<TrustDocumentInput> Documents,
    TrustAccidentStatus AccidentStatus,
    bool AccidentTrustCompleted,
    bool AccidentTrustEvidenced,
    bool PhysicalServiceBookPresent,
    int UnresolvedOdometerFlags);

public sealed record TrustResult(TrustLight Light, string Hint, IReadOnlyList<TrustReason> Reasons)
{
    /// <summary>To-dos from Gelb on: VIP sees the top three, everybody else the full list (SPEC §6).</summary>
    public IReadOnlyList<TrustReason> Todos(bool isVip) =>
        Light == TrustLight.Gruen ? [] : isVip ? Reasons.Take(TrustEngine.VipTopTodos).ToList() : Reasons;
}

/// <summary>
/// The Trust-Ampel (SPEC §6): deterministic reason codes from the real data, sorted by priority then code.
/// Any block → Rot; else any cap → Orange; else any reason → Gelb; none → Grün. It rates documentation
/// quality only, never the technical state of the car.
/// </summary>
public static class TrustEngine
{
    public const int VipTopTodos = 3;

    /// <summary>Shown verbatim wherever the light leaves the owner's own pages (SPEC §7): mini-check, PDFs, exports.</summary>
    public const string Disclaimer = "Die Trust-Ampel bewertet ausschließlich die Dokumentations- und Nachweisqualität. Sie ist keine Aussage über den technischen Zustand des Fahrzeugs.";
    public const string GreenHint = "Dokumentation ist vollständig nachweisbar.";

    public static readonly TrustReason PublicEvidenceIncomplete = new("public_evidence_incomplete", 10, TrustSeverity.Warn, "Dokumentation vorhanden, aber Nachweise sind teilweise unvollständig.");
    public static readonly TrustReason DocumentQuarantined = new("document_quarantined_not_approved", 20, TrustSeverity.Cap, "Dokumente sind noch nicht freigegeben. Nachweise zählen erst nach Prüfung.");
    public static readonly TrustReason AccidentUnknown = new("accident_status_unknown_cap_orange", 30, TrustSeverity.Cap, "Unfallstatus ist unbekannt. Trust ist begrenzt.");
    public static readonly TrustReason AccidentNotFree = new("accident_not_free_requires_completed_accident_trust", 40, TrustSeverity.Cap, "Bei Unfall braucht es vollständige Nachweise für eine hohe Trust-Stufe.");
    public static readonly TrustReason AccidentMissingEvidence = new("accident_trust_missing_evidence", 50, TrustSeverity.Warn, "Für Unfalltrust fehlen Nachweise für eine belastbare Bewertung.");
    public static readonly TrustReason PiiSuspected = new("pii_suspected_blocks_t3", 60, TrustSeverity.Block, "Offene Datenschutz-Prüfung blockiert die höchste Trust-Stufe.");
    public static readonly TrustReason PiiConfirmed = new("pii_confirmed_blocks_t3", 61, TrustSeverity.Block, "Datenschutz-Befund blockiert die höchste Trust-Stufe bis zur Bereinigung.");
    public static readonly TrustReason T3RequiresDocument = new("t3_requires_document_missing", 70, TrustSeverity.Warn, "Für die höchste Trust-Stufe ist ein Dokument als Nachweis erforderlich.");
    public static readonly TrustReason OdometerUnresolved = new("odometer_anomaly_unresolved", 75, TrustSeverity.Warn, "Ein Kilometerstand ist unplausibel und noch nicht geklärt.");
    public static readonly TrustReason T2RequiresServiceBook = new("t2_requires_physical_servicebook_missing", 80, TrustSeverity.Warn, "Für eine mittlere Trust-Stufe ist ein physisches Serviceheft erforderlich.");
    public static readonly TrustReason T1ServiceBookNotPresent = new("t1_physical_servicebook_not_present", 90, TrustSeverity.Warn, "Ein physisches Serviceheft ist nicht vorhanden. Trust bleibt begrenzt.");
    public static readonly TrustReason HashMissing = new("trusted_upload_hash_missing", 100, TrustSeverity.Warn, "Ein Integritätssignal fehlt. Nachweise sind weniger belastbar.");
    public static readonly TrustReason RequiredFieldsMissing = new("entry_required_fields_missing", 110, TrustSeverity.Warn, "Pflichtangaben fehlen. Dokumentation ist nicht vollständig nachweisbar.");

    public static readonly IReadOnlyList<TrustReason> Catalog =
    [
        PublicEvidenceIncomplete, DocumentQuarantined, AccidentUnknown, AccidentNotFree, AccidentMissingEvidence, PiiSuspected,
        PiiConfirmed, T3RequiresDocument, OdometerUnresolved, T2RequiresServiceBook, T1ServiceBookNotPresent, HashMissing, RequiredFieldsMissing,
    ];

    /// <summary>Catalog self-check: unique codes without whitespace, positive priorities, no digit in any hint.</summary>
    public static IReadOnlyList<string> ValidateCatalog()
    {
        var problems = new List<string>();
        foreach (var dup in Catalog.GroupBy(r => r.Code).Where(g => g.Count() > 1)) problems.Add("doppelter Code: " + dup.Key);
        foreach (var r in Catalog)
        {
            if (r.Priority < 1) problems.Add("Priorität < 1: " + r.Code);
            if (r.Code.Any(char.IsWhiteSpace)) problems.Add("Leerraum im Code: " + r.Code);
            if (r.Hint.Any(char.IsDigit)) problems.Add("Ziffer im Hinweis: " + r.Code);
        }
        if (GreenHint.Any(char.IsDigit)) problems.Add("Ziffer im Grün-Hinweis");
        return problems;
    }

    public static TrustResult Evaluate(TrustInput input)
    {
        var reasons = new HashSet<TrustReason>();
        var entries = input.Entries;
        if (entries.Count == 0)
        {
            reasons.Add(PublicEvidenceIncomplete);
        }
        else
        {
            var top = entries.Max(e => e.Level);
            var evidenced = entries.Count(e => e.Level == EntryTrustLevel.T3);
            if (evidenced > 0 && evidenced < entries.Count)
            {
                reasons.Add(PublicEvidenceIncomplete);
                if (!input.PhysicalServiceBookPresent) reasons.Add(T2RequiresServiceBook);
            }
            if (top == EntryTrustLevel.T2) reasons.Add(T3RequiresDocument);
            if (top == EntryTrustLevel.T1) reasons.Add(T1ServiceBookNotPresent);
            if (entries.Any(e => e.RequiredFieldsMissing)) reasons.Add(RequiredFieldsMissing);
        }

        foreach (var d in input.Documents)
        {
            if (d.Quarantined) reasons.Add(DocumentQuarantined);
            if (d.Pii == TrustPiiState.Suspected) reasons.Add(PiiSuspected);
            if (d.Pii == TrustPiiState.Confirmed) reasons.Add(PiiConfirmed);
            if (d.HashMissing) reasons.Add(HashMissing);
        }

        switch (input.AccidentStatus)
        {
            case TrustAccidentStatus.Unbekannt:
                reasons.Add(AccidentUnknown);
                break;
            case TrustAccidentStatus.NichtUnfallfrei when !input.AccidentTrustCompleted:
                reasons.Add(AccidentNotFree);
                break;
            case TrustAccidentStatus.NichtUnfallfrei when !input.AccidentTrustEvidenced:
                reasons.Add(AccidentMissingEvidence);
                break;
        }

        if (input.UnresolvedOdometerFlags > 0) reasons.Add(OdometerUnresolved);

        var sorted = reasons.OrderBy(r => r.Priority).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        return new TrustResult(LightFor(sorted), sorted.Count == 0 ? GreenHint : sorted[0].Hint, sorted);
    }

    public static TrustLight LightFor(IReadOnlyCollection<TrustReason> reasons) =>
        reasons.Any(r => r.Severity == TrustSeverity.Block) ? TrustLight.Rot
        : reasons.Any(r => r.Severity == TrustSeverity.Cap) ? TrustLight.Orange
        : reasons.Count > 0 ? TrustLight.Gelb
        : TrustLight.Gruen;

    public static string Label(TrustLight light) => light switch
    {
        TrustLight.Gruen => "Grün",
        TrustLight.Gelb => "Gelb",
        TrustLight.Orange => "Orange",
        _ => "Rot",
    };
}
