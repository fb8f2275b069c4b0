using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimelineKeysetIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Entries_VehicleId_IsLatest_Date_Id",
                table: "Entries");

            migrationBuilder.CreateIndex(
                name: "IX_Entries_Timeline",
                table: "Entries",
                columns: new[] { "VehicleId", "Date", "Id" },
                filter: "\"IsLatest\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Entries_Timeline",
                table: "Entries");

            migrationBuilder.CreateIndex(
                name: "IX_Entries_VehicleId_IsLatest_Date_Id",
                table: "Entries",
                columns: new[] { "VehicleId", "IsLatest", "Date", "Id" });
        }
    }
}
