using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class Documents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryGroupId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StorageKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    OriginalFileName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Approval = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Scan = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScanDetail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ScanAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextScanAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Pii = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PiiNote = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    PiiMarkedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplacesDocumentId = table.Column<long>(type: "INTEGER", nullable: true),
                    DeletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Documents_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_Approval_UploadedAt",
                table: "Documents",
                columns: new[] { "Approval", "UploadedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_PublicId",
                table: "Documents",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Documents_Scan_NextScanAt",
                table: "Documents",
                columns: new[] { "Scan", "NextScanAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_VehicleId_EntryGroupId",
                table: "Documents",
                columns: new[] { "VehicleId", "EntryGroupId" });

            migrationBuilder.CreateIndex(
                name: "IX_Documents_VehicleId_Kind_UploadedAt",
                table: "Documents",
                columns: new[] { "VehicleId", "Kind", "UploadedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Documents");
        }
    }
}
