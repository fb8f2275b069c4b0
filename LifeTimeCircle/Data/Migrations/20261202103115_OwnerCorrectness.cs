using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class OwnerCorrectness : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Drive",
                table: "Vehicles",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Engine",
                table: "Vehicles",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EngineNote",
                table: "Vehicles",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferenceGroupId",
                table: "OdometerFlags",
                type: "TEXT",
                maxLength: 22,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Drive",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "Engine",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "EngineNote",
                table: "Vehicles");

            migrationBuilder.DropColumn(
                name: "ReferenceGroupId",
                table: "OdometerFlags");
        }
    }
}
