namespace LifeTimeCircle.Infrastructure.Documents;

/// <summary>What one scan of a stored file found: clean, refused (by the structural check or by clamd) or not decided (clamd unreachable).</summary>
public sealed record FileScanResult(ScanVerdict Verdict, string? Detail, bool Structural)
{
    public bool Refused => Verdict == ScanVerdict.Infected;
}

/// <summary>
/// The one scan of an upload (ADR 0004, ADR 0024): the app's structural checks first, then clamd INSTREAM. Shared by the
/// job kinds that scan a stored file — <c>scan</c> (documents of a vehicle) and <c>image-scan</c> (images that belong to
/// no vehicle) — so the rules live in one place; each kind keeps only its own row's state machine and audit target.
/// </summary>
public sealed class FileScanner(DocumentStorage storage, ClamAvClient clamAv)
{
    public async Task<FileScanResult> ScanAsync(string storageKey, string contentType, CancellationToken ct)
    {
        string? problem;
        await using (var file = storage.OpenRead(storageKey))
        {
            problem = await StructuralChecks.FindProblemAsync(file, contentType, ct);
        }
        if (problem is not null) return new FileScanResult(ScanVerdict.Infected, problem, Structural: true);
        ScanOutcome outcome;
        await using (var file = storage.OpenRead(storageKey))
        {
            outcome = await clamAv.ScanAsync(file, ct);
        }
        return new FileScanResult(outcome.Verdict, outcome.Verdict == ScanVerdict.Infected ? outcome.Detail ?? "ClamAV" : outcome.Detail, Structural: false);
    }
}
