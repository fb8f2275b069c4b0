using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class RestorationTrustFolders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RestorationStages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    AddonKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    StartedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PerformedBy = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CostCents = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RestorationStages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RestorationStages_Vehicles_VehicleId",
                        column: x => x.VehicleId,
                        principalTable: "Vehicles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StageEvidence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VehicleId = table.Column<long>(type: "INTEGER", nullable: false),
                    StageId = table.Column<long>(type: "INTEGER", nullable: false),
                    DocumentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StageEvidence_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StageEvidence_RestorationStages_StageId",
                        column: x => x.StageId,
                        principalTable: "RestorationStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StageMilestones",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    StageId = table.Column<long>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageMilestones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StageMilestones_RestorationStages_StageId",
                        column: x => x.StageId,
                        principalTable: "RestorationStages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RestorationStages_PublicId",
                table: "RestorationStages",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RestorationStages_VehicleId_AddonKey_StartedOn",
                table: "RestorationStages",
                columns: new[] { "VehicleId", "AddonKey", "StartedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_StageEvidence_DocumentId",
                table: "StageEvidence",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_StageEvidence_StageId_DocumentId",
                table: "StageEvidence",
                columns: new[] { "StageId", "DocumentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StageEvidence_VehicleId",
                table: "StageEvidence",
                column: "VehicleId");

            migrationBuilder.CreateIndex(
                name: "IX_StageMilestones_PublicId",
                table: "StageMilestones",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StageMilestones_StageId_On",
                table: "StageMilestones",
                columns: new[] { "StageId", "On" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StageEvidence");

            migrationBuilder.DropTable(
                name: "StageMilestones");

            migrationBuilder.DropTable(
                name: "RestorationStages");
        }
    }
}
