using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class CertificateSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CertificateSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ExportJobId = table.Column<long>(type: "INTEGER", nullable: false),
                    Light = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PublicHint = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReasonCodes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EntriesT1 = table.Column<int>(type: "INTEGER", nullable: false),
                    EntriesT2 = table.Column<int>(type: "INTEGER", nullable: false),
                    EntriesT3 = table.Column<int>(type: "INTEGER", nullable: false),
                    Make = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    BuildYear = table.Column<int>(type: "INTEGER", nullable: true),
                    VinMasked = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    PdfSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificateSnapshots_ExportJobs_ExportJobId",
                        column: x => x.ExportJobId,
                        principalTable: "ExportJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificateSnapshots_ExportJobId",
                table: "CertificateSnapshots",
                column: "ExportJobId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CertificateSnapshots");
        }
    }
}
