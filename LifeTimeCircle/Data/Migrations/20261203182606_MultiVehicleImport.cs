using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class MultiVehicleImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "VehicleId",
                table: "ImportRuns",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<int>(
                name: "PlanRemaining",
                table: "ImportRuns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportGroups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportRunId = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstRow = table.Column<int>(type: "INTEGER", nullable: false),
                    VinMasked = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Make = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    GoodRows = table.Column<int>(type: "INTEGER", nullable: false),
                    ImportedRows = table.Column<int>(type: "INTEGER", nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: true),
                    Created = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportGroups_ImportRuns_ImportRunId",
                        column: x => x.ImportRunId,
                        principalTable: "ImportRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ImportGroups_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportRuns_OwnerId_CreatedAt",
                table: "ImportRuns",
                columns: new[] { "OwnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportGroups_ImportRunId_FirstRow",
                table: "ImportGroups",
                columns: new[] { "ImportRunId", "FirstRow" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportGroups_VehicleId",
                table: "ImportGroups",
                column: "VehicleId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportGroups");

            migrationBuilder.DropIndex(
                name: "IX_ImportRuns_OwnerId_CreatedAt",
                table: "ImportRuns");

            migrationBuilder.DropColumn(
                name: "PlanRemaining",
                table: "ImportRuns");

            migrationBuilder.AlterColumn<long>(
                name: "VehicleId",
                table: "ImportRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
