using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrustSummariesTimelineIndexOwnershipClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Entries_VehicleId_IsLatest_Date_Id",
                table: "Entries");

            migrationBuilder.AddColumn<bool>(
                name: "IsOwnershipProof",
                table: "Documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "OwnershipClaims",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaimantId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OwnerIdAtSubmission = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ProofDocumentId = table.Column<long>(type: "INTEGER", nullable: false),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ObjectionEndsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ObjectionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ProofDeletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OwnershipClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OwnershipClaims_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrustSummaries",
                columns: table => new
                {
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Light = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EngineVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustSummaries", x => x.VehicleId);
                    table.ForeignKey(
                        name: "FK_TrustSummaries_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Entries_Timeline",
                table: "Entries",
                columns: new[] { "VehicleId", "Date", "Id" },
                filter: "\"IsLatest\"");

            migrationBuilder.CreateIndex(
                name: "IX_OwnershipClaims_ClaimantId_CreatedAt",
                table: "OwnershipClaims",
                columns: new[] { "ClaimantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OwnershipClaims_PublicId",
                table: "OwnershipClaims",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OwnershipClaims_Status_CreatedAt",
                table: "OwnershipClaims",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OwnershipClaims_VehicleId_Approved",
                table: "OwnershipClaims",
                column: "VehicleId",
                unique: true,
                filter: "\"Status\" = 'Approved'");

            migrationBuilder.CreateIndex(
                name: "IX_OwnershipClaims_VehicleId_ClaimantId_Open",
                table: "OwnershipClaims",
                columns: new[] { "VehicleId", "ClaimantId" },
                unique: true,
                filter: "\"Status\" IN ('Submitted', 'Approved')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OwnershipClaims");

            migrationBuilder.DropTable(
                name: "TrustSummaries");

            migrationBuilder.DropIndex(
                name: "IX_Entries_Timeline",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "IsOwnershipProof",
                table: "Documents");

            migrationBuilder.CreateIndex(
                name: "IX_Entries_VehicleId_IsLatest_Date_Id",
                table: "Entries",
                columns: new[] { "VehicleId", "IsLatest", "Date", "Id" });
        }
    }
}
