using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Tests.Infrastructure;
using LifeTimeCircle.Tests.Fahrzeuge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Document = LifeTimeCircle.Domain.Documents.Document;

namespace LifeTimeCircle.Tests.Fahrzeuge.Dokumente;

/// <summary>Direct tests of <see cref="DocumentReview"/>: decisions, refusals, audit, and the retirement of a replaced PII original.</summary>
public sealed class DocumentReviewRulesTests(OwnerPiiFactory app) : IClassFixture<OwnerPiiFactory>
{
    private async Task<T> ReviewAsync<T>(Func<DocumentReview, Task<T>> act)
    {
        using var scope = app.Services.CreateScope();
        return await act(scope.ServiceProvider.GetRequiredService<DocumentReview>());
    }

    private Task<Document> DocAsync(string publicId) => app.WithDbAsync(db => db.Documents.AsNoTracking().SingleAsync(d => d.PublicId == publicId));

    private async Task<string> VehicleAsync(string email)
    {
        await app.CreateUserAsync(email, Roles.Vip);
        return (await VehicleSeed.CreateVehicleWithEntriesAsync(app, email, 1)).VehicleId;
    }

    private async Task UpdateAsync(string publicId, Action<Document> change)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        change(await db.Documents.SingleAsync(d => d.PublicId == publicId));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task An_unscanned_document_is_not_approved_and_the_refusal_is_audited()
    {
        var doc = await DocumentSeed.CreateDocumentAsync(app, await VehicleAsync("review-offen@example.de"));

        var result = await ReviewAsync(r => r.DecideAsync(doc, ReviewDecision.Approve, null, PiiState.Ok, CancellationToken.None));

        Assert.True(result.Found);
        Assert.StartsWith("Freigabe erst nach sauberer Virenprüfung", result.Error, StringComparison.Ordinal);
        Assert.Equal(ApprovalState.Quarantined, (await DocAsync(doc)).Approval);
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.TargetId == doc && a.Action == AuditActions.UploadApproved && a.Result == AuditResult.Denied)));
    }

    [Fact]
    public async Task A_clean_document_is_approved_and_becomes_valid_evidence()
    {
        var doc = await DocumentSeed.CreateDocumentAsync(app, await VehicleAsync("review-sauber@example.de"));
        await UpdateAsync(doc, d => d.ScannedClean(app.Clock.GetUtcNow()));

        var result = await ReviewAsync(r => r.DecideAsync(doc, ReviewDecision.Approve, null, PiiState.Ok, CancellationToken.None));

        Assert.Equal(new ReviewResult(true, null, "Freigegeben."), result);
        Assert.True((await DocAsync(doc)).IsValidEvidence);
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.TargetId == doc && a.Action == AuditActions.UploadApproved && a.Result == AuditResult.Success)));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_an_unknown_pii_state_changes_nothing()
    {
        var doc = await DocumentSeed.CreateDocumentAsync(app, await VehicleAsync("review-grund@example.de"));

        var noReason = await ReviewAsync(r => r.DecideAsync(doc, ReviewDecision.Reject, "  ", PiiState.Ok, CancellationToken.None));
        var bogusPii = await ReviewAsync(r => r.DecideAsync(doc, ReviewDecision.Pii, null, (PiiState)42, CancellationToken.None));
        var missing = await ReviewAsync(r => r.DecideAsync("gibt-es-nicht", ReviewDecision.Approve, null, PiiState.Ok, CancellationToken.None));

        Assert.Equal("Bitte geben Sie einen Grund an.", noReason.Error);
        Assert.Equal(DocumentReview.InvalidChoiceMessage, bogusPii.Error);
        Assert.False(missing.Found);
        var stored = await DocAsync(doc);
        Assert.Equal((ApprovalState.Quarantined, PiiState.Ok), (stored.Approval, stored.Pii));
    }

    [Fact]
    public async Task Approving_a_cleaned_replacement_retires_the_original_and_deletes_its_file()
    {
        var vehicle = await VehicleAsync("review-ersatz@example.de");
        var original = await DocumentSeed.CreateDocumentAsync(app, vehicle);
        await UpdateAsync(original, d =>
        {
            d.ScannedClean(app.Clock.GetUtcNow());
            d.MarkPii(PiiState.Confirmed, "Name und Anschrift sichtbar", app.Clock.GetUtcNow());
        });
        var replacement = await DocumentSeed.CreateDocumentAsync(app, vehicle);
        var stored = await DocAsync(original);
        // The seed uploads without a predecessor; link the replacement to the original as the upload page does.
        await UpdateAsync(replacement, d => typeof(Document).GetProperty(nameof(Document.ReplacesDocumentId))!.SetValue(d, stored.Id));
        await UpdateAsync(replacement, d => d.ScannedClean(app.Clock.GetUtcNow()));
        var originalPath = app.Services.GetRequiredService<DocumentStorage>().PathFor(stored.StorageKey);
        Assert.True(File.Exists(originalPath));

        var result = await ReviewAsync(r => r.DecideAsync(replacement, ReviewDecision.Approve, null, PiiState.Ok, CancellationToken.None));

        Assert.Null(result.Error);
        var retired = await DocAsync(original);
        Assert.NotNull(retired.DeletedAt);
        Assert.Equal("Durch eine bereinigte Fassung ersetzt.", retired.DecisionReason);
        Assert.False(File.Exists(originalPath));
        Assert.True(await app.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.TargetId == original && a.Action == AuditActions.DocumentDeleted)));
    }
}
