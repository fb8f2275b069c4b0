using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublicShare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ShareToken",
                table: "Vehicles",
                type: "TEXT",
                maxLength: 22,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Vehicles_ShareToken",
                table: "Vehicles",
                column: "ShareToken",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Vehicles_ShareToken",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "ShareToken",
                table: "Vehicles");
        }
    }
}
