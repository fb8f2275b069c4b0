namespace LifeTimeCircle.Domain;

public enum AuditResult
{
    Success,
    Denied,
    Error,
}

/// <summary>One row of the append-only audit trail (ops_security_inventory §2.9). Never updated or deleted by the app.</summary>
public sealed class AuditEvent
{
    private AuditEvent() { }

    /// <summary>
    /// An actor id past retention is replaced by "psn:" + 32 hex characters of a keyed HMAC (audit-retention job). The
    /// database trigger allows exactly this change and nothing else (Data/AuditTriggers.cs).
    /// </summary>
    public const string PseudonymPrefix = "psn:";
    public const int PseudonymLength = 36;

    public static bool IsPseudonym(string? actorId) =>
        actorId is { Length: PseudonymLength } && actorId.StartsWith(PseudonymPrefix, StringComparison.Ordinal);

    public AuditEvent(Guid eventId, DateTimeOffset createdAt, string actorType, string? actorId, string actorRole,
        string action, string targetType, string? targetId, string scope, AuditResult result, string? requestId, string metadataJson)
    {
        EventId = eventId;
        CreatedAt = createdAt;
        ActorType = actorType;
        ActorId = actorId;
        ActorRole = actorRole;
        Action = action;
        TargetType = targetType;
        TargetId = targetId;
        Scope = scope;
        Result = result;
        RequestId = requestId;
        MetadataJson = metadataJson;
    }

    public long Id { get; private set; }
    public Guid EventId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string ActorType { get; private set; } = "";
    public string? ActorId { get; private set; }
    public string ActorRole { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string TargetType { get; private set; } = "";
    public string? TargetId { get; private set; }
    public string Scope { get; private set; } = "";
    public AuditResult Result { get; private set; }
    public string? RequestId { get; private set; }
    public string MetadataJson { get; private set; } = "{}";
}

/// <summary>Action names (ops_security_inventory §2.9) plus the few this product adds.</summary>
public static class AuditActions
{
    public const string AuthChallengeCreated = "AUTH_CHALLENGE_CREATED";
    public const string AuthChallengeVerified = "AUTH_CHALLENGE_VERIFIED";
    public const string AuthChallengeFailed = "AUTH_CHALLENGE_FAILED";
    /// <summary>A business registration checked and approved by an admin (the business becomes an organisation).</summary>
    public const string BusinessApproved = "ORG_CREATED";
    public const string BusinessRejected = "ORG_REQUEST_REJECTED";
    public const string SessionCreated = "SESSION_CREATED";
    public const string SessionRevoked = "SESSION_REVOKED";
    public const string SignInFailed = "SIGNIN_FAILED";
    public const string AccountLockedOut = "ACCOUNT_LOCKED_OUT";
    public const string AccountRegistered = "ACCOUNT_REGISTERED";
    public const string PasswordReset = "PASSWORD_RESET";
    public const string TwoFactorEnabled = "TWO_FACTOR_ENABLED";
    public const string TwoFactorDisabled = "TWO_FACTOR_DISABLED";
    public const string TwoFactorKeyRenewed = "TWO_FACTOR_KEY_RENEWED";
    public const string ConsentAccepted = "CONSENT_ACCEPTED";
    public const string ConsentRequiredBlock = "CONSENT_REQUIRED_BLOCK";
    public const string RoleGranted = "ROLE_GRANTED";
    public const string RoleRevoked = "ROLE_REVOKED";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string AdminStepUpSuccess = "ADMIN_STEP_UP_SUCCESS";
    public const string AdminStepUpFailed = "ADMIN_STEP_UP_FAILED";
    public const string RateLimited = "RATE_LIMIT";
    public const string VehicleCreated = "VEHICLE_CREATED";
    public const string VehicleUpdated = "VEHICLE_UPDATED";
    public const string EntryCreated = "ENTRY_CREATED";
    public const string EntryVersionCreated = "ENTRY_VERSION_CREATED";
    public const string OdometerConfirmed = "ENTRY_ODOMETER_CONFIRMED";
    /// <summary>Maintenance reminders (SPEC §14): metadata names the vehicle and the item, never free text.</summary>
    public const string ReminderCreated = "REMINDER_CREATED";
    public const string ReminderDeleted = "REMINDER_DELETED";
    public const string ReminderUpdated = "REMINDER_UPDATED";
    /// <summary>Unfall-Trust folder (ADR 0023): a damage event recorded, changed or deleted; a document linked or unlinked.</summary>
    public const string DamageEventCreated = "DAMAGE_EVENT_CREATED";
    public const string DamageEventDeleted = "DAMAGE_EVENT_DELETED";
    public const string DamageEvidenceLinked = "DAMAGE_EVIDENCE_LINKED";
    public const string DamageEvidenceUnlinked = "DAMAGE_EVIDENCE_UNLINKED";
    /// <summary>An owner activated an add-on on a vehicle (ADR 0023 §3): metadata names the vehicle and the add-on key.</summary>
    public const string AddonEnabled = "ADDON_ENABLED";
    /// <summary>Oldtimer-/Restauration-Trust folder (ADR 0023 §3): ids, add-on key, stage kind and role only, never titles or texts.</summary>
    public const string RestorationStageCreated = "RESTORATION_STAGE_CREATED";
    public const string RestorationStageUpdated = "RESTORATION_STAGE_UPDATED";
    public const string RestorationStageDeleted = "RESTORATION_STAGE_DELETED";
    public const string RestorationMilestoneAdded = "RESTORATION_MILESTONE_ADDED";
    public const string RestorationMilestoneDeleted = "RESTORATION_MILESTONE_DELETED";
    public const string RestorationEvidenceLinked = "RESTORATION_EVIDENCE_LINKED";
    public const string RestorationEvidenceUnlinked = "RESTORATION_EVIDENCE_UNLINKED";
    /// <summary>An admin changed the switches of an add-on (ADR 0023).</summary>
    public const string AddonConfigChanged = "ADDON_CONFIG_CHANGED";
    /// <summary>The secret calendar address of an account was created or replaced (rotated) / revoked; never the token.</summary>
    public const string CalendarFeedCreated = "CALENDAR_FEED_CREATED";
    public const string CalendarFeedRevoked = "CALENDAR_FEED_REVOKED";
    public const string ExportRedactedRequested = "EXPORT_REDACTED_REQUESTED";
    public const string ExportRedactedReady = "EXPORT_REDACTED_READY";
    public const string ExportFullRequested = "EXPORT_FULL_REQUESTED";
    public const string ExportFullReady = "EXPORT_FULL_READY";
    public const string ExportDenied = "EXPORT_DENIED";
    public const string ExportDownloaded = "EXPORT_DOWNLOADED";
    public const string ExportExpired = "EXPORT_EXPIRED";
    public const string StepUpSuccess = "STEP_UP_SUCCESS";
    public const string StepUpFailed = "STEP_UP_FAILED";
    public const string UploadReceived = "UPLOAD_RECEIVED";
    public const string UploadScannedClean = "UPLOAD_SCANNED_CLEAN";
    /// <summary>The structural check found active content (PDF JavaScript, embedded files …); the upload stays blocked.</summary>
    public const string UploadScannedSuspicious = "UPLOAD_SCANNED_SUSPICIOUS";
    /// <summary>clamd found malware; the upload is rejected automatically.</summary>
    public const string UploadScannedInfected = "UPLOAD_SCANNED_INFECTED";
    public const string UploadRescanRequested = "UPLOAD_RESCAN_REQUESTED";
    public const string UploadApproved = "UPLOAD_APPROVED";
    public const string UploadRejected = "UPLOAD_REJECTED";
    public const string DocumentVisibilityChanged = "DOCUMENT_VISIBILITY_CHANGED";
    /// <summary>A document's file was deleted (row kept): replaced by a cleaned version, or confirmed PII past retention.</summary>
    public const string DocumentDeleted = "DOCUMENT_DELETED";
    /// <summary>An admin revealed a user's unmasked e-mail address (after step-up).</summary>
    public const string PiiRevealed = "PII_REVEALED";
    public const string PublicShareEnabled = "PUBLIC_SHARE_ENABLED";
    public const string PublicShareRotated = "PUBLIC_SHARE_ROTATED";
    public const string PublicShareDisabled = "PUBLIC_SHARE_DISABLED";
    /// <summary>Owner transfer (SPEC §9): metadata names the vehicle and the result, never the code.</summary>
    public const string HandoverCreated = "HANDOVER_CREATED";
    public const string HandoverExtended = "HANDOVER_EXTENDED";
    public const string HandoverCancelled = "HANDOVER_CANCELLED";
    public const string HandoverExpired = "HANDOVER_EXPIRED";
    public const string HandoverRedeemed = "HANDOVER_REDEEMED";
    /// <summary>A code that was wrong, expired, cancelled or used, or a buyer over the plan's limit (reason_code says which).</summary>
    public const string HandoverDenied = "HANDOVER_DENIED";
    /// <summary>Ownership claims without the seller (issue 14 item 6), target type CLAIM: metadata names the vehicle, never the proof's content.</summary>
    public const string HandoverClaimSubmitted = "HANDOVER_CLAIM_SUBMITTED";
    public const string HandoverClaimApproved = "HANDOVER_CLAIM_APPROVED";
    public const string HandoverClaimRejected = "HANDOVER_CLAIM_REJECTED";
    public const string HandoverClaimObjected = "HANDOVER_CLAIM_OBJECTED";
    public const string HandoverClaimWithdrawn = "HANDOVER_CLAIM_WITHDRAWN";
    /// <summary>The objection period passed: the vehicle moved to the claimant (or the claim was void: reason_code).</summary>
    public const string HandoverClaimCompleted = "HANDOVER_CLAIM_COMPLETED";
    /// <summary>An admin opened a claim's proof of ownership (personal data).</summary>
    public const string HandoverClaimProofViewed = "HANDOVER_CLAIM_PROOF_VIEWED";
    /// <summary>Workshops (issue 16), target ORG: a business created or changed its public profile.</summary>
    public const string BusinessProfileSaved = "ORG_PROFILE_SAVED";
    /// <summary>An owner let a business in on one vehicle / ended that (target VEHICLE; metadata names the business and the grant).</summary>
    public const string WorkshopAccessGranted = "WORKSHOP_ACCESS_GRANTED";
    public const string WorkshopAccessRevoked = "WORKSHOP_ACCESS_REVOKED";
    /// <summary>A business proposed an entry (target VEHICLE; metadata: business, proposal, category, essential – never the text).</summary>
    public const string WorkshopProposalSubmitted = "WORKSHOP_PROPOSAL_SUBMITTED";
    /// <summary>A non-essential proposal over the limit per business and vehicle (result denied).</summary>
    public const string WorkshopProposalLimited = "WORKSHOP_PROPOSAL_LIMITED";
    public const string WorkshopProposalAccepted = "WORKSHOP_PROPOSAL_ACCEPTED";
    public const string WorkshopProposalRejected = "WORKSHOP_PROPOSAL_REJECTED";
    public const string WorkshopProposalDeferred = "WORKSHOP_PROPOSAL_DEFERRED";
    /// <summary>Staff seats (issue 16, target ORG = the business; metadata: seat, never the address or the name).</summary>
    public const string StaffInvited = "ORG_MEMBERSHIP_INVITED";
    public const string StaffInviteRevoked = "ORG_MEMBERSHIP_INVITE_REVOKED";
    /// <summary>An invitation could not be accepted (result denied; reason_code: OTHER_ADDRESS, ACCOUNT_KIND, HAS_SEAT).</summary>
    public const string StaffInviteRefused = "ORG_MEMBERSHIP_INVITE_REFUSED";
    /// <summary>The invitee accepted within the free seats: the seat is active.</summary>
    public const string StaffSeatActivated = "ORG_MEMBERSHIP_ACTIVATED";
    /// <summary>The invitee accepted beyond the free seats: the seat waits for a superadmin.</summary>
    public const string StaffSeatRequested = "ORG_MEMBERSHIP_REQUESTED";
    public const string StaffSeatApproved = "ORG_MEMBERSHIP_APPROVED";
    public const string StaffSeatRejected = "ORG_MEMBERSHIP_REJECTED";
    /// <summary>The business removed a staff member; the member's sessions end at once (new security stamp).</summary>
    public const string StaffRemoved = "ORG_MEMBERSHIP_REVOKED";
    /// <summary>Blog and news (ADR 0017), target ARTICLE: metadata kind, state, revision — never title or text.</summary>
    public const string ArticleCreated = "CMS_ARTICLE_CREATED";
    public const string ArticleUpdated = "CMS_ARTICLE_UPDATED";
    public const string ArticleSubmitted = "CMS_ARTICLE_SUBMITTED";
    public const string ArticleApproved = "CMS_ARTICLE_APPROVED";
    public const string ArticleSentBack = "CMS_ARTICLE_SENT_BACK";
    public const string ArticlePublished = "CMS_ARTICLE_PUBLISHED";
    public const string ArticleScheduled = "CMS_ARTICLE_SCHEDULED";
    public const string ArticleUnpublished = "CMS_ARTICLE_UNPUBLISHED";
    /// <summary>Images without a vehicle (ADR 0024), target IMAGE: deleted by an editor (metadata: owner kind) — never file names or alt texts.</summary>
    public const string ImageDeleted = "IMAGE_DELETED";
    /// <summary>An article's cover image was set or removed (target ARTICLE; metadata: the image's public id or none).</summary>
    public const string ArticleCoverChanged = "CMS_ARTICLE_COVER_CHANGED";
    /// <summary>An admin downloaded the filtered audit view as CSV (after step-up; metadata: row count and the filters' names).</summary>
    public const string AuditExported = "AUDIT_EXPORTED";
    /// <summary>The retention job replaced actor ids older than LTC_AUDIT_RETENTION_DAYS by pseudonyms (system; metadata: count).</summary>
    public const string AuditActorsPseudonymised = "AUDIT_ACTORS_PSEUDONYMISED";
    /// <summary>Plans (issue 19 item 1), target USER: an upgrade request filed, an entitlement granted, revoked or ended by its date.</summary>
    public const string UpgradeRequested = "SUPPORT_REQUEST_CREATED";
    public const string SupportRequestResolved = "SUPPORT_REQUEST_RESOLVED";
    /// <summary>Support inbox (issue 19 item 3): an admin takes a request up (offen → in Prüfung).</summary>
    public const string SupportRequestInReview = "SUPPORT_REQUEST_IN_REVIEW";
    /// <summary>An admin's reply, mailed to the account or the visitor's address (the text is never audited).</summary>
    public const string SupportReplySent = "SUPPORT_REPLY_SENT";
    /// <summary>The account's follow-up in its thread; <c>reopened</c> tells whether it opened a solved request again.</summary>
    public const string SupportMessageAdded = "SUPPORT_MESSAGE_ADDED";
    /// <summary>Moderator accreditation (issue 19 item 4, reference §2.9): invitation, withdrawal, activation, removal.</summary>
    public const string ModeratorInvited = "MODERATOR_INVITED";
    public const string ModeratorInviteWithdrawn = "MODERATOR_INVITE_WITHDRAWN";
    public const string ModeratorAccredited = "MODERATOR_ACCREDITED";
    public const string ModeratorRevoked = "MODERATOR_REVOKED";
    public const string EntitlementGranted = "ENTITLEMENT_GRANTED";
    public const string EntitlementRevoked = "ENTITLEMENT_REVOKED";
    public const string EntitlementExpired = "ENTITLEMENT_EXPIRED";
    /// <summary>Account deletion (issue 19 item 2, target USER): asked for, cancelled (reason_code SELF or MAIL_LINK), carried out by the job, or held back (reason_code).</summary>
    public const string AccountDeletionRequested = "ACCOUNT_DELETION_REQUESTED";
    public const string AccountDeletionCancelled = "ACCOUNT_DELETION_CANCELLED";
    public const string AccountDeleted = "ACCOUNT_DELETED";
    public const string AccountDeletionBlocked = "ACCOUNT_DELETION_BLOCKED";
    /// <summary>Soft delete and restore by an admin (issue 19 item 5, target USER or VEHICLE; metadata reason_code, never the comment).</summary>
    public const string UserSoftDeleted = "USER_SOFT_DELETED";
    public const string UserRestored = "USER_RESTORED";
    public const string VehicleSoftDeleted = "VEHICLE_DELETED";
    public const string VehicleRestored = "VEHICLE_RESTORED";
    /// <summary>Spreadsheet import (issue 18), target IMPORT: confirmed by the owner, finished by the job, undone by the owner (metadata: vehicle, counts — never cell values).</summary>
    public const string ImportConfirmed = "IMPORT_CONFIRMED";
    public const string ImportCompleted = "IMPORT_COMPLETED";
    public const string ImportUndone = "IMPORT_UNDONE";
    /// <summary>The undo of a multi-vehicle import removed a vehicle the import had created and nothing else had used (target VEHICLE).</summary>
    public const string ImportVehicleRemoved = "IMPORT_VEHICLE_REMOVED";
    /// <summary>The owner mapped unrecognised columns (metadata: number of columns — never header names or cell values).</summary>
    public const string ImportColumnsMapped = "IMPORT_COLUMNS_MAPPED";
    /// <summary>The owner downloaded a vehicle's timeline as a spreadsheet (target VEHICLE; metadata: format, row count).</summary>
    public const string TimelineExported = "TIMELINE_EXPORTED";
    /// <summary>Fahrzeugannahme (issue 17), target VEHICLE; metadata: business, acting_as, seat, session, item, kind/severity/status — never observations or titles.</summary>
    public const string IntakeStarted = "WORKSHOP_INTAKE_STARTED";
    public const string IntakeObservationsSaved = "WORKSHOP_INTAKE_OBSERVATIONS_SAVED";
    public const string IntakeItemAdded = "WORKSHOP_INTAKE_ITEM_ADDED";
    public const string IntakeItemUpdated = "WORKSHOP_INTAKE_ITEM_UPDATED";
    /// <summary>
    /// A walk-in intake (started by VIN before any grant; until linked its events have target INTAKE_SESSION) was linked to
    /// the vehicle when its owner typed the session's link code on it (target VEHICLE, written as the owner; metadata:
    /// business, grant, session). A code that fits no open walk-in of that vehicle: <see cref="IntakeLinkRefused"/> (no metadata
    /// beyond the reason: the owner must learn nothing about other businesses' sessions).
    /// </summary>
    public const string IntakeLinked = "WORKSHOP_INTAKE_LINKED";
    public const string IntakeLinkRefused = "WORKSHOP_INTAKE_LINK_REFUSED";
    /// <summary>Closed; metadata: proposal (when done items became one), counts.</summary>
    public const string IntakeClosed = "WORKSHOP_INTAKE_CLOSED";
    /// <summary>An append-only system log (OBD readout, GPS test drive) recorded; metadata: event, kind, corrects.</summary>
    public const string SystemLogRecorded = "SYSTEM_LOG_RECORDED";
    /// <summary>The vehicle owner hid / showed again a workshop's note on a system log (target VEHICLE; metadata: event).</summary>
    public const string SystemLogNoteHidden = "SYSTEM_LOG_NOTE_HIDDEN";
    public const string SystemLogNoteShown = "SYSTEM_LOG_NOTE_SHOWN";
    /// <summary>The owner turned a workshop's recommendation into a reminder / dismissed it (target VEHICLE; metadata: recommendation, reminder).</summary>
    public const string RecommendationToReminder = "WORKSHOP_RECOMMENDATION_REMINDER";
    public const string RecommendationDismissed = "WORKSHOP_RECOMMENDATION_DISMISSED";
}
