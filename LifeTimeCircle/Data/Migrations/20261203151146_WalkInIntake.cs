using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class WalkInIntake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "VehicleId",
                table: "IntakeSessions",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<long>(
                name: "GrantId",
                table: "IntakeSessions",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<string>(
                name: "WalkInMakeModel",
                table: "IntakeSessions",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WalkInVinHmac",
                table: "IntakeSessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WalkInVinMasked",
                table: "IntakeSessions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_WalkIn_Open",
                table: "IntakeSessions",
                columns: new[] { "BusinessId", "WalkInVinHmac" },
                unique: true,
                filter: "\"State\" = 'Offen' AND \"GrantId\" IS NULL AND \"WalkInVinHmac\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IntakeSessions_WalkIn_Open",
                table: "IntakeSessions");

            migrationBuilder.DropColumn(
                name: "WalkInMakeModel",
                table: "IntakeSessions");

            migrationBuilder.DropColumn(
                name: "WalkInVinHmac",
                table: "IntakeSessions");

            migrationBuilder.DropColumn(
                name: "WalkInVinMasked",
                table: "IntakeSessions");

            migrationBuilder.AlterColumn<long>(
                name: "VehicleId",
                table: "IntakeSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "GrantId",
                table: "IntakeSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
