using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using LifeTimeCircle.Data;
using LifeTimeCircle.Domain;
using LifeTimeCircle.Domain.Documents;
using Document = LifeTimeCircle.Domain.Documents.Document;
using LifeTimeCircle.Domain.Transfers;
using LifeTimeCircle.Infrastructure.Documents;
using LifeTimeCircle.Infrastructure.Security;
using LifeTimeCircle.Infrastructure.Vehicles;
using LifeTimeCircle.Tests.Fahrzeuge;
using LifeTimeCircle.Tests.Fahrzeuge.Dokumente;
using LifeTimeCircle.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LifeTimeCircle.Tests.Uebergabe;

/// <summary>
/// „Übernahme beantragen“ (issue 14 item 6): a buyer without a cooperative seller, proof through the real quarantine
/// and clamd, an admin with step-up, the owner's 14-day objection, the move on the job runner.
/// </summary>
public sealed class OwnershipClaimTests(DocumentsFixture fx) : IClassFixture<DocumentsFixture>
{
    private LtcFactory App => fx.App;
    private static int _n;
    private static string Email(string who) => $"{who}{Interlocked.Increment(ref _n)}@claim.example";

    [Fact]
    public async Task A_buyer_claims_with_proof_an_admin_approves_and_after_14_days_without_objection_the_vehicle_moves()
    {
        var (sellerEmail, vehicleId, vin, docId) = await SellerWithVehicleAsync();
        var buyerEmail = Email("buyer");
        var buyer = await Flows.SignedInClientAsync(App, buyerEmail);

        // Found by a visible link from the handover page.
        var (_, handover) = await Html.GetAsync(buyer, "/Uebergabe");
        Assert.NotNull(handover.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == "Übernahme beantragen"));
        var submitted = await SubmitClaimAsync(buyer, vin.ToLowerInvariant().Insert(5, " "), ClamdFixture.CleanPdf("Zulassungsbescheinigung Teil II"), "brief.pdf",
            message: "Gekauft am 1. Dezember.");
        Html.AssertRedirect(submitted, "/Uebergabe/Antraege");
        var (_, mine) = await Html.GetAsync(buyer, "/Uebergabe/Antraege");
        Assert.Contains("in Prüfung", Html.Text(mine), StringComparison.Ordinal);
        Assert.Contains(await Outbox.MessagesToAsync(App, buyerEmail), m => m.Subject!.StartsWith("Übernahmeantrag eingegangen", StringComparison.Ordinal));

        // The owner sees nothing of it: not the proof, not a notice (nothing is decided yet).
        var seller = await SignInAgainAsync(sellerEmail);
        var claim = await ClaimAsync(vehicleId);
        var proof = await ProofAsync(claim);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync($"/Fahrzeuge/{vehicleId}/Dokumente/{proof.PublicId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync($"/Fahrzeuge/{vehicleId}/Dokumente/{proof.PublicId}?handler=Datei")).StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.Documents.CountAsync(d => d.VehicleId == claim.VehicleId)));
        Assert.DoesNotContain("Antrag auf Übernahme", Html.Text((await Html.GetAsync(seller, "/Fahrzeuge/" + vehicleId)).Document), StringComparison.Ordinal);

        // The proof goes through the normal scan (real clamd).
        await Jobs.DrainAsync(App.Services, ScanProcessor.Kind);
        Assert.Equal(ScanState.Clean, (await ProofAsync(claim)).Scan);

        // The admin: proof opens (audited), approval needs a step-up and the FIN read from the proof.
        var (admin, _) = await Flows.AdminClientAsync(App, Email("admin"));
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Uebernahmen");
        Assert.Contains("Volkswagen Golf", Html.Text(queue), StringComparison.Ordinal);
        Assert.Contains("Erika Mustermann", Html.Text(queue), StringComparison.Ordinal);
        Assert.DoesNotContain(buyerEmail, Html.Text(queue), StringComparison.OrdinalIgnoreCase);
        var proofLink = queue.QuerySelectorAll<IHtmlAnchorElement>("a").Single(a => a.TextContent.StartsWith("Nachweis öffnen", StringComparison.Ordinal)
            && a.GetAttribute("href")!.Contains(claim.PublicId, StringComparison.Ordinal));
        var file = await admin.GetAsync(proofLink.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        var approve = ClaimForm(queue, claim.PublicId, "Approve");
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, approve, new Dictionary<string, string> { ["Vin"] = vin }), "/Admin/Bestaetigen");
        await StepUpAsync(admin);
        (_, queue) = await Html.GetAsync(admin, "/Admin/Uebernahmen");
        var wrongVin = await Html.SubmitFormAsync(admin, ClaimForm(queue, claim.PublicId, "Approve"), new Dictionary<string, string> { ["Vin"] = VehicleSeed.NewVin() });
        var wrongPage = await Html.ParseAsync(wrongVin);
        Assert.Contains(OwnershipClaims.VinMismatchMessage, Html.Text(wrongPage), StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.Submitted, (await ClaimAsync(vehicleId)).Status);
        var approved = await Html.SubmitFormAsync(admin, ClaimForm(wrongPage, claim.PublicId, "Approve"), new Dictionary<string, string> { ["Vin"] = vin });
        Html.AssertRedirect(approved, "/Admin/Uebernahmen");
        claim = await ClaimAsync(vehicleId);
        Assert.Equal(ClaimStatus.Approved, claim.Status);
        Assert.Equal(App.Clock.GetUtcNow() + OwnershipClaim.ObjectionPeriod, claim.ObjectionEndsAt);

        // The owner is told by mail (without who claims) and sees the notice with the way to object.
        var notice = Assert.Single(await Outbox.MessagesToAsync(App, sellerEmail), m => m.Subject!.StartsWith("Antrag auf Übernahme", StringComparison.Ordinal));
        Assert.Contains($"/Fahrzeuge/{vehicleId}/Uebergabe/Widerspruch", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(buyerEmail, notice.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(await Outbox.MessagesToAsync(App, buyerEmail), m => m.Subject!.StartsWith("Übernahmeantrag genehmigt", StringComparison.Ordinal));
        var (_, vehiclePage) = await Html.GetAsync(seller, "/Fahrzeuge/" + vehicleId);
        Assert.Contains("Antrag auf Übernahme", Html.Text(vehiclePage), StringComparison.Ordinal);
        Assert.NotNull(vehiclePage.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == "Widersprechen"));

        // Day 13: nothing moves. Day 14 + 1 s: the hourly job moves the vehicle, once.
        App.Clock.Advance(TimeSpan.FromDays(13));
        await Jobs.ScheduleRecurringAsync(App.Services);
        await Jobs.DrainAsync(App.Services, OwnershipClaimSweep.Kind);
        Assert.Equal(ClaimStatus.Approved, (await ClaimAsync(vehicleId)).Status);
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        int moved;
        using (var scope = App.Services.CreateScope()) moved = await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().CompleteDueAsync(CancellationToken.None);
        Assert.Equal(1, moved);
        using (var scope = App.Services.CreateScope()) moved = await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().CompleteDueAsync(CancellationToken.None);
        Assert.Equal(0, moved);
        Assert.Equal(ClaimStatus.Completed, (await ClaimAsync(vehicleId)).Status);

        // The buyer (signed in anew: two weeks have passed) has the vehicle with its history; the seller has nothing.
        var buyerLater = await SignInAgainAsync(buyerEmail);
        var (_, timeline) = await Html.GetAsync(buyerLater, $"/Fahrzeuge/{vehicleId}/Eintragung");
        Assert.Equal(2, timeline.QuerySelectorAll("ol.entry-list li:not(.system-entry)").Length);
        Assert.Contains("Halterwechsel am " + LifeTimeCircle.Web.Display.Date(App.Clock.GetUtcNow()), Html.Text(timeline), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await buyerLater.GetAsync($"/Fahrzeuge/{vehicleId}/Dokumente/{docId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await buyerLater.GetAsync($"/Fahrzeuge/{vehicleId}/Dokumente/{proof.PublicId}")).StatusCode);
        var sellerLater = await SignInAgainAsync(sellerEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await sellerLater.GetAsync("/Fahrzeuge/" + vehicleId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sellerLater.GetAsync($"/Fahrzeuge/{vehicleId}/Dokumente/{docId}?handler=Datei")).StatusCode);
        Assert.Contains(await Outbox.MessagesToAsync(App, sellerEmail), m => m.Subject!.StartsWith("Fahrzeug übergeben", StringComparison.Ordinal));
        Assert.Contains(await Outbox.MessagesToAsync(App, buyerEmail), m => m.Subject!.StartsWith("Fahrzeug übernommen", StringComparison.Ordinal));
        var actions = await App.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == claim.PublicId).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.HandoverClaimSubmitted, actions);
        Assert.Contains(AuditActions.HandoverClaimProofViewed, actions);
        Assert.Contains(AuditActions.HandoverClaimApproved, actions);
        Assert.Contains(AuditActions.HandoverClaimCompleted, actions);

        // 30 days after the claim closed, the proof's file is deleted (the rows stay).
        App.Clock.Advance(OwnershipClaims.ProofRetention + TimeSpan.FromHours(1));
        using (var scope = App.Services.CreateScope()) await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().DeleteOldProofsAsync(CancellationToken.None);
        var gone = await ProofAsync(claim);
        Assert.NotNull(gone.DeletedAt);
        Assert.False(File.Exists(App.Services.GetRequiredService<DocumentStorage>().PathFor(gone.StorageKey)));
        Assert.NotNull((await ClaimAsync(vehicleId)).ProofDeletedAt);
    }

    [Fact]
    public async Task The_owner_objects_within_14_days_and_the_vehicle_stays()
    {
        var (sellerEmail, vehicleId, vin, _) = await SellerWithVehicleAsync();
        var buyerEmail = Email("buyer");
        var buyer = await Flows.SignedInClientAsync(App, buyerEmail);
        Html.AssertRedirect(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf("Brief"), "brief.pdf"), "/Uebergabe/Antraege");
        await ApproveAsync(vehicleId, vin);

        var seller = await SignInAgainAsync(sellerEmail);
        var (_, handover) = await Html.GetAsync(seller, $"/Fahrzeuge/{vehicleId}/Uebergabe");
        var link = handover.QuerySelectorAll<IHtmlAnchorElement>("a").Single(a => a.TextContent.Trim() == "Widersprechen");
        var (_, objection) = await Html.GetAsync(seller, link.GetAttribute("href")!);
        var tooLong = await Html.SubmitAsync(seller, objection, new Dictionary<string, string> { ["Reason"] = new string('x', 1001) });
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        var tooLongPage = await Html.ParseAsync(tooLong);
        Assert.Contains("höchstens 1000 Zeichen", Html.Text(tooLongPage), StringComparison.Ordinal);
        Assert.Equal(new string('x', 1001), tooLongPage.QuerySelector<IHtmlTextAreaElement>("textarea[name=Reason]")!.Value);
        Html.AssertRedirect(await Html.SubmitAsync(seller, objection, new Dictionary<string, string> { ["Reason"] = "Nicht verkauft – Brief liegt bei mir." }),
            $"/Fahrzeuge/{vehicleId}/Uebergabe");
        var claim = await ClaimAsync(vehicleId);
        Assert.Equal(ClaimStatus.Objected, claim.Status);

        // The claimant learns of the objection, not its reason; the admins see the reason.
        var mail = Assert.Single(await Outbox.MessagesToAsync(App, buyerEmail), m => m.Subject!.StartsWith("Widerspruch", StringComparison.Ordinal));
        Assert.DoesNotContain("Brief liegt bei mir", mail.TextBody, StringComparison.Ordinal);
        var (admin, _) = await Flows.AdminClientAsync(App, Email("admin"));
        Assert.Contains("Brief liegt bei mir", Html.Text((await Html.GetAsync(admin, "/Admin/Uebernahmen?status=Objected")).Document), StringComparison.Ordinal);

        App.Clock.Advance(OwnershipClaim.ObjectionPeriod + TimeSpan.FromDays(1));
        using (var scope = App.Services.CreateScope()) Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().CompleteDueAsync(CancellationToken.None));
        var owner = await App.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.OwnerId).SingleAsync());
        Assert.Equal(await App.WithDbAsync(db => db.Users.Where(u => u.Email == sellerEmail).Select(u => u.Id).SingleAsync()), owner);
        Assert.Contains(AuditActions.HandoverClaimObjected, await App.WithDbAsync(db => db.AuditEvents.Where(a => a.TargetId == claim.PublicId).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_which_the_claimant_gets_by_mail()
    {
        var (_, vehicleId, vin, _) = await SellerWithVehicleAsync();
        var buyerEmail = Email("buyer");
        var buyer = await Flows.SignedInClientAsync(App, buyerEmail);
        Html.AssertRedirect(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf("Brief"), "brief.pdf"), "/Uebergabe/Antraege");
        var claim = await ClaimAsync(vehicleId);
        var (admin, _) = await Flows.AdminClientAsync(App, Email("admin"));
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Uebernahmen");
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, ClaimForm(queue, claim.PublicId, "Reject"), new Dictionary<string, string>()), "/Admin/Bestaetigen");
        await StepUpAsync(admin);
        (_, queue) = await Html.GetAsync(admin, "/Admin/Uebernahmen");
        var empty = await Html.SubmitFormAsync(admin, ClaimForm(queue, claim.PublicId, "Reject"), new Dictionary<string, string> { ["Comment"] = " " });
        Assert.Contains("Bitte begründen Sie die Ablehnung", Html.Text(await Html.ParseAsync(empty)), StringComparison.Ordinal);
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, ClaimForm(queue, claim.PublicId, "Reject"),
            new Dictionary<string, string> { ["Comment"] = "Der Nachweis ist nicht lesbar." }), "/Admin/Uebernahmen");
        Assert.Equal(ClaimStatus.Rejected, (await ClaimAsync(vehicleId)).Status);
        Assert.Equal(ApprovalState.Rejected, (await ProofAsync(claim)).Approval);
        var mail = Assert.Single(await Outbox.MessagesToAsync(App, buyerEmail), m => m.Subject!.StartsWith("Übernahmeantrag abgelehnt", StringComparison.Ordinal));
        Assert.Contains("Der Nachweis ist nicht lesbar.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Der Nachweis ist nicht lesbar.", Html.Text((await Html.GetAsync(buyer, "/Uebergabe/Antraege")).Document), StringComparison.Ordinal);
        // A closed claim cannot be decided again.
        var twice = await Html.SubmitFormAsync(admin, ClaimForm(queue, claim.PublicId, "Approve"), new Dictionary<string, string> { ["Vin"] = vin });
        Assert.Contains(OwnershipClaim.NotOpenMessage, Html.Text(await Html.ParseAsync(twice)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_claim_form_refuses_in_German_and_keeps_what_was_typed()
    {
        var (sellerEmail, _, vin, _) = await SellerWithVehicleAsync();
        var buyerEmail = Email("buyer");
        var buyer = await Flows.SignedInClientAsync(App, buyerEmail);

        var unknown = await Html.ParseAsync(await SubmitClaimAsync(buyer, VehicleSeed.NewVin(), ClamdFixture.CleanPdf(), "a.pdf", message: "Meine Nachricht"));
        Assert.Contains(OwnershipClaims.NotRegisteredMessage, Html.Text(unknown), StringComparison.Ordinal);
        Assert.Equal("Meine Nachricht", unknown.QuerySelector<IHtmlTextAreaElement>("textarea[name='Input.Message']")!.Value);
        var noFile = await Html.ParseAsync(await SubmitClaimAsync(buyer, vin, null, null));
        Assert.Contains("Bitte wählen Sie den Nachweis", Html.Text(noFile), StringComparison.Ordinal);
        Assert.Equal(vin, noFile.QuerySelector<IHtmlInputElement>("input[name='Input.Vin']")!.Value);
        var noHolder = await Html.ParseAsync(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf(), "a.pdf", holder: " "));
        Assert.Contains(OwnershipClaim.HolderNameMissingMessage, Html.Text(noHolder), StringComparison.Ordinal);
        var notConfirmed = await Html.ParseAsync(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf(), "a.pdf", confirm: false));
        Assert.Contains("Bitte bestätigen Sie", Html.Text(notConfirmed), StringComparison.Ordinal);
        var notAPdf = await Html.ParseAsync(await SubmitClaimAsync(buyer, vin, "MZ not a document"u8.ToArray(), "a.exe"));
        Assert.Contains("Dieser Dateityp wird nicht angenommen", Html.Text(notAPdf), StringComparison.Ordinal);
        var tooLong = await Html.ParseAsync(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf(), "a.pdf", message: new string('y', 1001)));
        Assert.Contains("höchstens 1000 Zeichen", Html.Text(tooLong), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.OwnershipClaims.CountAsync(c => db.Users.Any(u => u.Id == c.ClaimantId && u.Email == buyerEmail))));

        // One open claim per vehicle and claimant; the owner cannot claim their own vehicle.
        Html.AssertRedirect(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf(), "a.pdf"), "/Uebergabe/Antraege");
        var second = await Html.ParseAsync(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf(), "a.pdf"));
        Assert.Contains(OwnershipClaims.AlreadyOpenMessage, Html.Text(second), StringComparison.Ordinal);
        var seller = await SignInAgainAsync(sellerEmail);
        Assert.Contains("gehört bereits zu Ihrem Konto", Html.Text(await Html.ParseAsync(await SubmitClaimAsync(seller, vin, ClamdFixture.CleanPdf(), "a.pdf"))), StringComparison.Ordinal);

        // A free account that already has a vehicle gets the plan's limit, before anything is stored.
        var fullEmail = Email("full");
        var full = await Flows.SignedInClientAsync(App, fullEmail);
        await VehicleSeed.CreateVehicleWithEntriesAsync(App, fullEmail, 1);
        Assert.Contains(OwnershipClaims.PaywallMessage, Html.Text(await Html.ParseAsync(await SubmitClaimAsync(full, vin, ClamdFixture.CleanPdf(), "a.pdf"))), StringComparison.Ordinal);

        // Signed out, the form asks for sign-in first.
        Html.AssertRedirect(await App.CreateBrowserClient().GetAsync("/Uebergabe/Antrag"), "/Konto/Anmelden");
    }

    [Fact]
    public async Task A_claim_is_void_when_the_owner_hands_the_vehicle_over_by_code_first_and_others_cannot_touch_it()
    {
        var (sellerEmail, vehicleId, vin, _) = await SellerWithVehicleAsync();
        var claimantEmail = Email("claimant");
        var claimant = await Flows.SignedInClientAsync(App, claimantEmail);
        Html.AssertRedirect(await SubmitClaimAsync(claimant, vin, ClamdFixture.CleanPdf("Brief"), "brief.pdf"), "/Uebergabe/Antraege");
        await ApproveAsync(vehicleId, vin);
        var claim = await ClaimAsync(vehicleId);

        // Others: no withdrawing someone else's claim, no admin queue, no objection page of a vehicle they do not own.
        var stranger = await Flows.SignedInClientAsync(App, Email("stranger"));
        var (_, ownList) = await Html.GetAsync(stranger, "/Uebergabe/Antraege");
        Assert.Contains("Sie haben keine Übernahme beantragt", Html.Text(ownList), StringComparison.Ordinal);
        var (_, claimantList) = await Html.GetAsync(claimant, "/Uebergabe/Antraege");
        var withdraw = claimantList.QuerySelectorAll<IHtmlFormElement>("form").Single(f => f.QuerySelector<IHtmlInputElement>("input[name=ClaimId]")?.Value == claim.PublicId);
        var foreignWithdraw = new HttpRequestMessage(HttpMethod.Post, "/Uebergabe/Antraege?handler=Withdraw")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["ClaimId"] = claim.PublicId,
                ["__RequestVerificationToken"] = ownList.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value ?? await TokenAsync(stranger),
            }),
        };
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(foreignWithdraw)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await stranger.GetAsync("/Admin/Uebernahmen")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Fahrzeuge/{vehicleId}/Uebergabe/Widerspruch")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await claimant.GetAsync($"/Fahrzeuge/{vehicleId}/Uebergabe/Widerspruch")).StatusCode);
        Assert.NotNull(withdraw);

        // The owner sells by code to someone else: the claim is settled, the job does not move the vehicle again.
        var other = await App.CreateUserAsync(Email("other"));
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var vehicle = await db.Vehicles.SingleAsync(x => x.PublicId == vehicleId);
            await using var tx = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<TransferService>().MoveAsync(vehicle, other.Id, App.Clock.GetUtcNow(), CancellationToken.None);
            await tx.CommitAsync();
        }
        Assert.Equal(ClaimStatus.Void, (await ClaimAsync(vehicleId)).Status);
        Assert.Contains(await Outbox.MessagesToAsync(App, claimantEmail), m => m.Subject!.StartsWith("Übernahmeantrag erledigt", StringComparison.Ordinal));
        App.Clock.Advance(OwnershipClaim.ObjectionPeriod + TimeSpan.FromHours(1));
        using (var scope = App.Services.CreateScope()) Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().CompleteDueAsync(CancellationToken.None));
        var ownerEmail = await App.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Join(db.Users, v => v.OwnerId, u => u.Id, (v, u) => u.Email).SingleAsync());
        Assert.StartsWith("other", ownerEmail!, StringComparison.Ordinal);
        Assert.NotEqual(sellerEmail, ownerEmail);
    }

    [Fact]
    public async Task Nobody_decides_on_their_own_claim_only_one_claim_per_vehicle_is_approved_and_an_approval_can_be_taken_back()
    {
        var (sellerEmail, vehicleId, vin, _) = await SellerWithVehicleAsync();
        var firstEmail = Email("first");
        var first = await Flows.SignedInClientAsync(App, firstEmail);
        Html.AssertRedirect(await SubmitClaimAsync(first, vin, ClamdFixture.CleanPdf("Brief"), "brief.pdf"), "/Uebergabe/Antraege");
        var firstClaim = await ClaimAsync(vehicleId);

        // An admin who claims the vehicle themselves cannot approve their own claim.
        var adminEmail = Email("admin");
        var (admin, _) = await Flows.AdminClientAsync(App, adminEmail);
        Html.AssertRedirect(await SubmitClaimAsync(admin, vin, ClamdFixture.CleanPdf("Brief"), "brief.pdf"), "/Uebergabe/Antraege");
        var ownClaim = await ClaimAsync(vehicleId);
        await Jobs.DrainAsync(App.Services, ScanProcessor.Kind);
        await StepUpAsync(admin);
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Uebernahmen");
        var own = await Html.SubmitFormAsync(admin, ClaimForm(queue, ownClaim.PublicId, "Approve"), new Dictionary<string, string> { ["Vin"] = vin });
        Assert.Contains(OwnershipClaims.OwnInterestMessage, Html.Text(await Html.ParseAsync(own)), StringComparison.Ordinal);

        // Another admin approves the first claim; the second cannot be approved while it runs.
        await ApproveAsync(vehicleId, vin, firstClaim.PublicId);
        var (other, _) = await Flows.AdminClientAsync(App, Email("admin"));
        await StepUpAsync(other);
        (_, queue) = await Html.GetAsync(other, "/Admin/Uebernahmen");
        var second = await Html.SubmitFormAsync(other, ClaimForm(queue, ownClaim.PublicId, "Approve"), new Dictionary<string, string> { ["Vin"] = vin });
        Assert.Contains(OwnershipClaims.OtherApprovedMessage, Html.Text(await Html.ParseAsync(second)), StringComparison.Ordinal);

        // Fraud found during the objection period: the approval is taken back with a reason (step-up), nothing moves.
        await StepUpAsync(other, "?status=Approved");
        var (_, approved) = await Html.GetAsync(other, "/Admin/Uebernahmen?status=Approved");
        var noReason = await Html.SubmitFormAsync(other, ClaimForm(approved, firstClaim.PublicId, "Revoke"), new Dictionary<string, string>());
        Assert.Contains("Bitte begründen Sie die Rücknahme", Html.Text(await Html.ParseAsync(noReason)), StringComparison.Ordinal);
        Html.AssertRedirect(await Html.SubmitFormAsync(other, ClaimForm(approved, firstClaim.PublicId, "Revoke"),
            new Dictionary<string, string> { ["Comment"] = "Der Besitzer hat sich gemeldet: kein Verkauf." }), "/Admin/Uebernahmen");
        Assert.Equal(ClaimStatus.Rejected, (await App.WithDbAsync(db => db.OwnershipClaims.SingleAsync(c => c.PublicId == firstClaim.PublicId))).Status);
        Assert.Contains(await Outbox.MessagesToAsync(App, firstEmail), m => m.Subject!.StartsWith("Übernahmeantrag abgelehnt", StringComparison.Ordinal)
            && m.TextBody!.Contains("kein Verkauf", StringComparison.Ordinal));
        App.Clock.Advance(OwnershipClaim.ObjectionPeriod + TimeSpan.FromHours(1));
        using (var scope = App.Services.CreateScope()) Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().CompleteDueAsync(CancellationToken.None));
        Assert.Equal(sellerEmail, await App.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Join(db.Users, v => v.OwnerId, u => u.Id, (v, u) => u.Email).SingleAsync()));
    }

    [Fact]
    public async Task A_claimant_over_the_plan_limit_waits_after_the_objection_period_and_the_claim_is_void_after_30_more_days()
    {
        var (sellerEmail, vehicleId, vin, _) = await SellerWithVehicleAsync();
        var buyerEmail = Email("buyer");
        var buyer = await Flows.SignedInClientAsync(App, buyerEmail);
        Html.AssertRedirect(await SubmitClaimAsync(buyer, vin, ClamdFixture.CleanPdf("Brief"), "brief.pdf"), "/Uebergabe/Antraege");
        await ApproveAsync(vehicleId, vin);
        // Meanwhile the buyer registered another car: the free plan's one vehicle is taken.
        await VehicleSeed.CreateVehicleWithEntriesAsync(App, buyerEmail, 1);
        App.Clock.Advance(OwnershipClaim.ObjectionPeriod + TimeSpan.FromHours(1));
        using (var scope = App.Services.CreateScope()) Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().CompleteDueAsync(CancellationToken.None));
        Assert.Equal(ClaimStatus.Approved, (await ClaimAsync(vehicleId)).Status);
        var later = await SignInAgainAsync(buyerEmail);
        Assert.Contains("Ihr Tarif erlaubt kein weiteres Fahrzeug", Html.Text((await Html.GetAsync(later, "/Uebergabe/Antraege")).Document), StringComparison.Ordinal);

        App.Clock.Advance(OwnershipClaims.PlanWait);
        using (var scope = App.Services.CreateScope()) Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OwnershipClaims>().CompleteDueAsync(CancellationToken.None));
        Assert.Equal(ClaimStatus.Void, (await ClaimAsync(vehicleId)).Status);
        Assert.Contains(await Outbox.MessagesToAsync(App, buyerEmail), m => m.Subject!.StartsWith("Übernahmeantrag erledigt", StringComparison.Ordinal));
        Assert.Equal(sellerEmail, await App.WithDbAsync(db => db.Vehicles.Where(v => v.PublicId == vehicleId).Join(db.Users, v => v.OwnerId, u => u.Id, (v, u) => u.Email).SingleAsync()));
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var (_, page) = await Html.GetAsync(client, "/Uebergabe/Antrag");
        return page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
    }

    private async Task<(string SellerEmail, string VehicleId, string Vin, string DocId)> SellerWithVehicleAsync()
    {
        var sellerEmail = Email("seller");
        await App.CreateUserAsync(sellerEmail);
        var (vehicleId, firstEntry) = await VehicleSeed.CreateVehicleWithEntriesAsync(App, sellerEmail, 2);
        var docId = await DocumentSeed.CreateDocumentAsync(App, vehicleId, firstEntry);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cipher = await db.Vehicles.Where(v => v.PublicId == vehicleId).Select(v => v.VinCipher).SingleAsync();
        return (sellerEmail, vehicleId, scope.ServiceProvider.GetRequiredService<VinProtector>().Decrypt(cipher), docId);
    }

    /// <summary>Scan and approve the open claim of the vehicle through the admin page (with step-up).</summary>
    private async Task ApproveAsync(string vehicleId, string vin, string? claimId = null)
    {
        await Jobs.DrainAsync(App.Services, ScanProcessor.Kind);
        var claim = claimId is null ? await ClaimAsync(vehicleId) : await App.WithDbAsync(db => db.OwnershipClaims.AsNoTracking().SingleAsync(c => c.PublicId == claimId));
        var (admin, _) = await Flows.AdminClientAsync(App, Email("admin"));
        await StepUpAsync(admin);
        var (_, queue) = await Html.GetAsync(admin, "/Admin/Uebernahmen");
        Html.AssertRedirect(await Html.SubmitFormAsync(admin, ClaimForm(queue, claim.PublicId, "Approve"), new Dictionary<string, string> { ["Vin"] = vin }), "/Admin/Uebernahmen");
        Assert.Equal(ClaimStatus.Approved, (await App.WithDbAsync(db => db.OwnershipClaims.AsNoTracking().SingleAsync(c => c.Id == claim.Id))).Status);
    }

    private static async Task StepUpAsync(HttpClient admin, string query = "")
    {
        var (_, confirm) = await Html.GetAsync(admin, "/Admin/Bestaetigen?returnUrl=" + Uri.EscapeDataString("/Admin/Uebernahmen" + query));
        Html.AssertRedirect(await Html.SubmitAsync(admin, confirm, new Dictionary<string, string> { ["Input.Secret"] = TestData.Password }), "/Admin/Uebernahmen");
    }

    private async Task<HttpClient> SignInAgainAsync(string email)
    {
        var client = App.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Flows.SignInAsync(client, email)).StatusCode);
        return client;
    }

    private static IHtmlFormElement ClaimForm(IHtmlDocument page, string claimId, string handler) =>
        page.QuerySelectorAll<IHtmlFormElement>("form").Single(f =>
            f.Action.Contains("handler=" + handler, StringComparison.Ordinal) && f.QuerySelector<IHtmlInputElement>("input[name=ClaimId]")?.Value == claimId);

    private Task<OwnershipClaim> ClaimAsync(string vehicleId) => App.WithDbAsync(db =>
        db.OwnershipClaims.AsNoTracking().Where(c => db.Vehicles.Any(v => v.Id == c.VehicleId && v.PublicId == vehicleId)).OrderByDescending(c => c.Id).FirstAsync());

    private Task<Document> ProofAsync(OwnershipClaim claim) =>
        App.WithDbAsync(db => db.Documents.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.Id == claim.ProofDocumentId));

    private static async Task<HttpResponseMessage> SubmitClaimAsync(HttpClient client, string vin, byte[]? content, string? fileName, bool confirm = true, string? message = null,
        string holder = "Erika Mustermann")
    {
        var (_, page) = await Html.GetAsync(client, "/Uebergabe/Antrag");
        var token = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(vin), "Input.Vin" },
            { new StringContent(holder), "Input.HolderName" },
            { new StringContent(message ?? ""), "Input.Message" },
        };
        if (confirm) form.Add(new StringContent("true"), "Input.Confirm");
        if (content is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "Input.Datei", fileName!);
        }
        var request = new HttpRequestMessage(HttpMethod.Post, "/Uebergabe/Antrag") { Content = form };
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request);
    }
}
