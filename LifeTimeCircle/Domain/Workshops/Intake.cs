using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Domain.Workshops;

public enum IntakeState { Offen, Abgeschlossen }

public enum IntakeItemKind { Mangel, Aufgabe, Empfehlung }

public enum IntakeSeverity { Niedrig, Mittel, Hoch }

public enum IntakeItemStatus { Offen, InArbeit, Erledigt, Blockiert }

/// <summary>
/// A workshop's vehicle intake („Fahrzeugannahme“, issue 17): opened by staff for a customer vehicle the business holds
/// an active grant for, with the observations typed (or dictated) at the counter and a triage list of items. Closing it
/// turns the done items into one proposal to the owner (<see cref="WorkshopProposal"/>).
/// </summary>
public sealed class IntakeSession
{
    public const int MaxJobNumberLength = 20;
    public const int MaxObservationsLength = 4000;
    /// <summary>At most this many items per session (a counter PC's triage list, not a parts catalogue).</summary>
    public const int MaxItems = 100;

    private IntakeSession() { }

    /// <summary>At most this many open walk-in sessions per business (ADR 0019): a bound on rows nobody else can see or clean up.</summary>
    public const int MaxOpenWalkIns = 50;
    public const int MaxMakeModelLength = 80;

    public IntakeSession(long businessId, long grantId, long vehicleId, string? jobNumber, string startedBy, DateTimeOffset now)
        : this(businessId, jobNumber, startedBy, now)
    {
        GrantId = grantId;
        VehicleId = vehicleId;
    }

    private IntakeSession(long businessId, string? jobNumber, string startedBy, DateTimeOffset now)
    {
        var job = string.IsNullOrWhiteSpace(jobNumber) ? null : jobNumber.Trim();
        if (job is { Length: > MaxJobNumberLength }) throw new DomainException($"Höchstens {MaxJobNumberLength} Zeichen.", "JobNumber");
        if (job is not null && !job.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.' or '_'))
        {
            throw new DomainException("Die Auftragsnummer darf nur Buchstaben, Ziffern und - / . _ enthalten.", "JobNumber");
        }
        PublicId = PublicIds.New();
        BusinessId = businessId;
        JobNumber = job;
        StartedBy = startedBy;
        StartedAt = now;
        State = IntakeState.Offen;
    }

    /// <summary>
    /// A walk-in vehicle (issue 17 item 1): not (yet) a customer vehicle of the business, known only by its VIN (a 17-character
    /// VIN by the rule of every vehicle; kept as the platform's keyed hash and the masked form, never in clear) and an optional
    /// make/model. It belongs to the business alone until the vehicle's owner types the session's <see cref="LinkCode"/> (which staff hand
    /// to the customer at the counter) on that vehicle (<see cref="LinkTo"/>, ADR 0019 item 10). The VIN is also kept encrypted (as
    /// <c>Vehicle.VinCipher</c>) while the session is open, so that <c>rehash-vins</c> can recompute the hash after a key rotation.
    /// </summary>
    public static IntakeSession WalkIn(long businessId, Vin vin, string vinHmac, string vinCipher, string? makeModel, string? jobNumber, string startedBy,
        DateTimeOffset now)
    {
        if (vin.Value.Length != 17) throw new DomainException("Bitte geben Sie die FIN mit allen 17 Zeichen ein.", "Vin");
        var mm = string.IsNullOrWhiteSpace(makeModel) ? null : string.Join(' ', makeModel.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (mm is { Length: > MaxMakeModelLength }) throw new DomainException($"Höchstens {MaxMakeModelLength} Zeichen.", "MakeModel");
        if (mm is not null && mm.Any(char.IsControl)) throw new DomainException("Bitte nur Buchstaben, Ziffern und Satzzeichen.", "MakeModel");
        return new IntakeSession(businessId, jobNumber, startedBy, now)
        {
            WalkInVinHmac = vinHmac, WalkInVinCipher = vinCipher, WalkInVinMasked = vin.Masked, WalkInMakeModel = mm, LinkCode = IntakeLinkCode.New(),
        };
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long BusinessId { get; private set; }
    /// <summary>The grant it runs under; null for a walk-in that is not linked yet.</summary>
    public long? GrantId { get; private set; }
    public long? VehicleId { get; private set; }
    /// <summary>
    /// Walk-in only: the VIN's keyed hash (as <c>Vehicle.VinHmac</c>: the link code fits only the vehicle with this VIN) and the VIN
    /// encrypted (for <c>rehash-vins</c>) — both only while the walk-in is open and unlinked, cleared on link and on close —; its
    /// masked form and make/model as typed stay.
    /// </summary>
    public string? WalkInVinHmac { get; private set; }
    public string? WalkInVinCipher { get; private set; }
    /// <summary>
    /// Walk-in only, while open and unlinked: the code staff hand to the customer, who types it on their vehicle to link the
    /// session (<see cref="IntakeLinkCode"/>). Kept readable so staff can read it out again; it links nothing without the
    /// vehicle with this VIN and is void once the session is linked or closed.
    /// </summary>
    public string? LinkCode { get; private set; }
    public string? WalkInVinMasked { get; private set; }
    public string? WalkInMakeModel { get; private set; }
    /// <summary>Started as a walk-in (linked or not).</summary>
    public bool IsWalkIn => WalkInVinMasked is not null;
    /// <summary>A walk-in no owner has granted yet: items and observations only, closes without a proposal.</summary>
    public bool IsUnlinked => GrantId is null;
    /// <summary>The business's own job number (shown on the board instead of anything personal).</summary>
    public string? JobNumber { get; private set; }
    /// <summary>What staff saw, typed or dictated. Never logged or audited.</summary>
    public string? Observations { get; private set; }
    public IntakeState State { get; private set; }
    public string StartedBy { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    /// <summary>The proposal the done items became (null: closed without done items).</summary>
    public long? ProposalId { get; private set; }

    public bool IsOpen => State == IntakeState.Offen;

    public void SaveObservations(string? text)
    {
        EnsureOpen();
        var t = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (t is { Length: > MaxObservationsLength }) throw new DomainException($"Höchstens {MaxObservationsLength} Zeichen.", "Observations");
        Observations = t;
    }

    public void Close(string userId, long? proposalId, DateTimeOffset now)
    {
        EnsureOpen();
        State = IntakeState.Abgeschlossen;
        ClosedBy = userId;
        ClosedAt = now;
        ProposalId = proposalId;
    }

    /// <summary>After a rotation of the server secret the VIN's hash of an open walk-in is computed again (<c>rehash-vins</c>).</summary>
    public bool Rehash(string vinHmac)
    {
        if (WalkInVinHmac is null || WalkInVinHmac == vinHmac) return false;
        WalkInVinHmac = vinHmac;
        return true;
    }

    public void EnsureOpen()
    {
        if (!IsOpen) throw new DomainException("Diese Annahme ist bereits abgeschlossen.");
    }

    /// <summary>
    /// The triage summary that becomes the proposal's „ausgeführte Arbeiten“: one line per done item, cut to the
    /// proposal's length with a count of what did not fit.
    /// </summary>
    public static string Summary(string? jobNumber, IReadOnlyList<IntakeItem> done)
    {
        var head = jobNumber is null ? "Fahrzeugannahme – erledigte Punkte:" : $"Fahrzeugannahme (Auftrag {jobNumber}) – erledigte Punkte:";
        var lines = new List<string> { head };
        var length = head.Length;
        for (var i = 0; i < done.Count; i++)
        {
            var item = done[i];
            var line = $"- {IntakeTexts.Kind(item.Kind)}: {item.Title}{(item.Details is { } d ? " – " + d : "")}";
            // Room for this line and, when more follow, for the line that counts them (reserved by the previous round too).
            var remaining = done.Count - i - 1;
            var need = 1 + line.Length + (remaining > 0 ? 1 + More(remaining).Length : 0);
            if (length + need > WorkshopProposal.MaxWorkDoneLength)
            {
                lines.Add(More(done.Count - i));
                break;
            }
            lines.Add(line);
            length += 1 + line.Length;
        }
        return string.Join('\n', lines);
    }

    private static string More(int count) => $"- … und {count} weitere Punkte";
}

/// <summary>
/// The code of a walk-in (ADR 0019 item 10): 8 characters of the handover code's alphabet (no look-alikes), shown as
/// „ABCD-EFGH“. About 6.6 · 10¹¹ values, checked at most LTC_RATELIMIT_TRANSFER_ACCOUNT times a minute per account and only
/// against the typing owner's own vehicle with the walk-in's VIN.
/// </summary>
public static class IntakeLinkCode
{
    public const int Length = 8;

    public static string New()
    {
        var chars = new char[Length];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Transfers.TransferCode.Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Transfers.TransferCode.Alphabet.Length)];
        }
        return new string(chars);
    }

    public static string Format(string code) => code.Length == Length ? $"{code[..4]}-{code[4..]}" : code;

    /// <summary>What was typed, as the stored form (upper case, no spaces or dashes); null when it cannot be a code.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32) return null;
        var chars = input.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '–' or '_')).Select(char.ToUpperInvariant).ToArray();
        if (chars.Length != Length || chars.Any(c => !Transfers.TransferCode.Alphabet.Contains(c))) return null;
        return new string(chars);
    }
}

/// <summary>One line of the triage list: a defect, a task or a recommendation with severity and status.</summary>
public sealed class IntakeItem
{
    public const int MaxTitleLength = 120;
    public const int MaxDetailsLength = 1000;

    private IntakeItem() { }

    public IntakeItem(long sessionId, IntakeItemKind kind, string? title, string? details, IntakeSeverity severity, string idempotencyKey, string createdBy,
        DateTimeOffset now)
    {
        var t = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        if (t is null) throw new DomainException("Bitte geben Sie einen Titel an.", "Title");
        if (t.Length > MaxTitleLength) throw new DomainException($"Höchstens {MaxTitleLength} Zeichen.", "Title");
        var d = string.IsNullOrWhiteSpace(details) ? null : details.Trim();
        if (d is { Length: > MaxDetailsLength }) throw new DomainException($"Höchstens {MaxDetailsLength} Zeichen.", "Details");
        if (!PublicIds.LooksValid(idempotencyKey)) throw new DomainException("Das Formular ist veraltet. Bitte laden Sie die Seite neu und senden Sie es noch einmal.");
        PublicId = PublicIds.New();
        SessionId = sessionId;
        Kind = kind;
        Title = t;
        Details = d;
        Severity = severity;
        Status = IntakeItemStatus.Offen;
        IdempotencyKey = idempotencyKey;
        CreatedBy = createdBy;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long SessionId { get; private set; }
    public IntakeItemKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string? Details { get; private set; }
    public IntakeSeverity Severity { get; private set; }
    public IntakeItemStatus Status { get; private set; }
    /// <summary>The key the add form carried: a second submission of the same form finds this item instead of adding one.</summary>
    public string IdempotencyKey { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>False when the status was already that (nothing to save, nothing to audit).</summary>
    public bool SetStatus(IntakeItemStatus status, DateTimeOffset now)
    {
        if (Status == status) return false;
        Status = status;
        UpdatedAt = now;
        return true;
    }
}

public static class IntakeTexts
{
    public static string Kind(IntakeItemKind k) => k switch
    {
        IntakeItemKind.Mangel => "Mangel",
        IntakeItemKind.Aufgabe => "Aufgabe",
        IntakeItemKind.Empfehlung => "Empfehlung",
        _ => k.ToString(),
    };

    public static string Severity(IntakeSeverity s) => s switch
    {
        IntakeSeverity.Niedrig => "niedrig",
        IntakeSeverity.Mittel => "mittel",
        IntakeSeverity.Hoch => "hoch",
        _ => s.ToString(),
    };

    public static string Status(IntakeItemStatus s) => s switch
    {
        IntakeItemStatus.Offen => "offen",
        IntakeItemStatus.InArbeit => "in Arbeit",
        IntakeItemStatus.Erledigt => "erledigt",
        IntakeItemStatus.Blockiert => "blockiert",
        _ => s.ToString(),
    };
}

public enum RecommendationState { Offen, Erinnerung, Verworfen }

/// <summary>
/// „Empfehlung der Werkstatt“ (issue 17 item 4): an open recommendation of a closed intake, sent to the owner's
/// Modul-Postfach. The owner turns it into a reminder (ADR 0013) or dismisses it; it is never an entry.
/// </summary>
public sealed class WorkshopRecommendation
{
    private WorkshopRecommendation() { }

    public WorkshopRecommendation(IntakeSession session, IntakeItem item, DateTimeOffset now)
    {
        if (item.SessionId != session.Id || item.Kind != IntakeItemKind.Empfehlung) throw new DomainException("Nur Empfehlungen dieser Annahme.");
        if (session.GrantId is not { } grantId || session.VehicleId is not { } vehicleId) throw new DomainException("Die Annahme ist mit keinem Fahrzeug verknüpft.");
        PublicId = PublicIds.New();
        VehicleId = vehicleId;
        BusinessId = session.BusinessId;
        GrantId = grantId;
        SessionId = session.Id;
        Title = item.Title;
        Details = item.Details;
        Severity = item.Severity;
        CreatedAt = now;
        State = RecommendationState.Offen;
    }

    public long Id { get; private set; }
    public string PublicId { get; private set; } = "";
    public long VehicleId { get; private set; }
    public long BusinessId { get; private set; }
    /// <summary>The grant it came under: only the owner who granted it sees it (a next owner does not).</summary>
    public long GrantId { get; private set; }
    public long SessionId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Details { get; private set; }
    public IntakeSeverity Severity { get; private set; }
    public RecommendationState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? ReminderId { get; private set; }

    public void TurnIntoReminder(string reminderPublicId, DateTimeOffset now)
    {
        EnsureOpen();
        State = RecommendationState.Erinnerung;
        ReminderId = reminderPublicId;
        DecidedAt = now;
    }

    public void Dismiss(DateTimeOffset now)
    {
        EnsureOpen();
        State = RecommendationState.Verworfen;
        DecidedAt = now;
    }

    private void EnsureOpen()
    {
        if (State != RecommendationState.Offen) throw new DomainException("Über diese Empfehlung ist bereits entschieden.");
    }
}
