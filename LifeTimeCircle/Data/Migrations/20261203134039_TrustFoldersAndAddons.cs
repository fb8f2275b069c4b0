using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrustFoldersAndAddons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AccidentFolderOpenedAt",
                table: "Vehicles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AddonConfigs",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AllowNew = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequiresPayment = table.Column<bool>(type: "INTEGER", nullable: false),
                    AdminOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AddonConfigs", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "DamageEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Damage = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    PerformedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DamageEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DamageEvents_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VehicleAddons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    FirstEnabledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VehicleAddons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VehicleAddons_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DamageEvidence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    DamageEventId = table.Column<long>(type: "INTEGER", nullable: false),
                    DocumentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DamageEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DamageEvidence_DamageEvents_DamageEventId",
                        column: x => x.DamageEventId,
                        principalTable: "DamageEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DamageEvidence_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DamageEvents_PublicId",
                table: "DamageEvents",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DamageEvents_VehicleId_OccurredOn",
                table: "DamageEvents",
                columns: new[] { "VehicleId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DamageEvidence_DamageEventId_DocumentId",
                table: "DamageEvidence",
                columns: new[] { "DamageEventId", "DocumentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DamageEvidence_DocumentId",
                table: "DamageEvidence",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_DamageEvidence_VehicleId",
                table: "DamageEvidence",
                column: "VehicleId");

            migrationBuilder.CreateIndex(
                name: "IX_VehicleAddons_VehicleId_Key",
                table: "VehicleAddons",
                columns: new[] { "VehicleId", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AddonConfigs");

            migrationBuilder.DropTable(
                name: "DamageEvidence");

            migrationBuilder.DropTable(
                name: "VehicleAddons");

            migrationBuilder.DropTable(
                name: "DamageEvents");

            migrationBuilder.DropColumn(
                name: "AccidentFolderOpenedAt",
                table: "Vehicles");
        }
    }
}
