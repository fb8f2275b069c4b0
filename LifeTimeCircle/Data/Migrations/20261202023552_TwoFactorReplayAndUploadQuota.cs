using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class TwoFactorReplayAndUploadQuota : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastTotpStep",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Documents_UploadedBy_UploadedAt",
                table: "Documents",
                columns: new[] { "UploadedBy", "UploadedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Documents_UploadedBy_UploadedAt",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "LastTotpStep",
                table: "AspNetUsers");
        }
    }
}
