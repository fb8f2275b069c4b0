using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class LifecycleIntakeImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeleteComment",
                table: "Vehicles",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeleteReason",
                table: "Vehicles",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "Vehicles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "Vehicles",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ImportRunId",
                table: "Entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RequiredFieldsMissing",
                table: "Entries",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "DeleteComment",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeleteReason",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeletedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeletedBy",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountDeletions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CancelTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BlockedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BlockedReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountDeletions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AccountDeletions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    FormatEncoding = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FormatDelimiter = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    FormatNumbers = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FormatDates = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    LubeLogger = table.Column<bool>(type: "INTEGER", nullable: false),
                    TotalRows = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcessedRows = table.Column<int>(type: "INTEGER", nullable: false),
                    GoodRows = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrorRows = table.Column<int>(type: "INTEGER", nullable: false),
                    DuplicateRows = table.Column<int>(type: "INTEGER", nullable: false),
                    ImportedRows = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UndoneAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportRuns_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntakeSessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    BusinessId = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantId = table.Column<long>(type: "INTEGER", nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    JobNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Observations = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ProposalId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntakeSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntakeSessions_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntakeSessions_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntakeSessions_WorkshopGrants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "WorkshopGrants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntakeSessions_WorkshopProposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "WorkshopProposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ImportIssues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportRunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Row = table.Column<int>(type: "INTEGER", nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Column = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 201, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportIssues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportIssues_ImportRuns_ImportRunId",
                        column: x => x.ImportRunId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntakeItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Details = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntakeItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntakeItems_IntakeSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "IntakeSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SystemLogEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    BusinessId = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantId = table.Column<long>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OdometerKm = table.Column<int>(type: "INTEGER", nullable: true),
                    FaultCodes = table.Column<string>(type: "TEXT", maxLength: 180, nullable: true),
                    DistanceKm = table.Column<int>(type: "INTEGER", nullable: true),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CorrectsEventId = table.Column<long>(type: "INTEGER", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SystemLogEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_IntakeSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "IntakeSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_SystemLogEvents_CorrectsEventId",
                        column: x => x.CorrectsEventId,
                        principalTable: "SystemLogEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_WorkshopGrants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "WorkshopGrants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkshopRecommendations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    BusinessId = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantId = table.Column<long>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Details = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReminderId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopRecommendations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkshopRecommendations_Businesses_BusinessId",
                        column: x => x.BusinessId,
                        principalTable: "Businesses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WorkshopRecommendations_IntakeSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "IntakeSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WorkshopRecommendations_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WorkshopRecommendations_WorkshopGrants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "WorkshopGrants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Entries_ImportRunId",
                table: "Entries",
                column: "ImportRunId",
                filter: "\"ImportRunId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AccountDeletions_CancelTokenHash",
                table: "AccountDeletions",
                column: "CancelTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccountDeletions_DueAt",
                table: "AccountDeletions",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_AccountDeletions_UserId",
                table: "AccountDeletions",
                column: "UserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportIssues_ImportRunId_Row",
                table: "ImportIssues",
                columns: new[] { "ImportRunId", "Row" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_PublicId",
                table: "ImportRuns",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_VehicleId_CreatedAt",
                table: "ImportRuns",
                columns: new[] { "VehicleId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeItems_PublicId",
                table: "IntakeItems",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntakeItems_SessionId_IdempotencyKey",
                table: "IntakeItems",
                columns: new[] { "SessionId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_BusinessId_State_StartedAt",
                table: "IntakeSessions",
                columns: new[] { "BusinessId", "State", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_GrantId_State",
                table: "IntakeSessions",
                columns: new[] { "GrantId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_ProposalId",
                table: "IntakeSessions",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_PublicId",
                table: "IntakeSessions",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_VehicleId",
                table: "IntakeSessions",
                column: "VehicleId");

            migrationBuilder.CreateIndex(
                name: "IX_SystemLogEvents_BusinessId_IdempotencyKey",
                table: "SystemLogEvents",
                columns: new[] { "BusinessId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SystemLogEvents_CorrectsEventId",
                table: "SystemLogEvents",
                column: "CorrectsEventId");

            migrationBuilder.CreateIndex(
                name: "IX_SystemLogEvents_GrantId",
                table: "SystemLogEvents",
                column: "GrantId");

            migrationBuilder.CreateIndex(
                name: "IX_SystemLogEvents_PublicId",
                table: "SystemLogEvents",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SystemLogEvents_SessionId",
                table: "SystemLogEvents",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_SystemLogEvents_VehicleId_RecordedAt",
                table: "SystemLogEvents",
                columns: new[] { "VehicleId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopRecommendations_BusinessId",
                table: "WorkshopRecommendations",
                column: "BusinessId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopRecommendations_GrantId",
                table: "WorkshopRecommendations",
                column: "GrantId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopRecommendations_PublicId",
                table: "WorkshopRecommendations",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopRecommendations_SessionId",
                table: "WorkshopRecommendations",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopRecommendations_VehicleId_State",
                table: "WorkshopRecommendations",
                columns: new[] { "VehicleId", "State" });

            LifeTimeCircle.Data.SystemLogTriggers.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            LifeTimeCircle.Data.SystemLogTriggers.Drop(migrationBuilder);

            migrationBuilder.DropTable(
                name: "AccountDeletions");

            migrationBuilder.DropTable(
                name: "ImportIssues");

            migrationBuilder.DropTable(
                name: "IntakeItems");

            migrationBuilder.DropTable(
                name: "SystemLogEvents");

            migrationBuilder.DropTable(
                name: "WorkshopRecommendations");

            migrationBuilder.DropTable(
                name: "ImportRuns");

            migrationBuilder.DropTable(
                name: "IntakeSessions");

            migrationBuilder.DropIndex(
                name: "IX_Entries_ImportRunId",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "DeleteComment",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "DeleteReason",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "DeletedBy",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "ImportRunId",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "RequiredFieldsMissing",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "DeleteComment",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DeleteReason",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DeletedBy",
                table: "AspNetUsers");
        }
    }
}
