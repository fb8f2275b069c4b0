using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_IntakeSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "IntakeSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_SystemLogEvents_CorrectsEventId",
                        column: x => x.CorrectsEventId,
                        principalTable: "SystemLogEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SystemLogEvents_WorkshopGrants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "WorkshopGrants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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
                name: "IntakeItems");

            migrationBuilder.DropTable(
                name: "SystemLogEvents");

            migrationBuilder.DropTable(
                name: "WorkshopRecommendations");

            migrationBuilder.DropTable(
                name: "IntakeSessions");
        }
    }
}
