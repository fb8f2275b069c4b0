using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class WalkInLinkCodeAndNoteHides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LinkCode",
                table: "IntakeSessions",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WalkInVinCipher",
                table: "IntakeSessions",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SystemLogNoteHides",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false),
                    HiddenBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    HiddenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SystemLogNoteHides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SystemLogNoteHides_SystemLogEvents_EventId",
                        column: x => x.EventId,
                        principalTable: "SystemLogEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_LinkCode",
                table: "IntakeSessions",
                column: "LinkCode",
                unique: true,
                filter: "\"LinkCode\" IS NOT NULL");

            migrationBuilder.Sql(LifeTimeCircle.Data.Configurations.IntakeSessionConfiguration.ForgetClosedWalkInHashesSql);

            migrationBuilder.CreateIndex(
                name: "IX_SystemLogNoteHides_EventId",
                table: "SystemLogNoteHides",
                column: "EventId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SystemLogNoteHides");

            migrationBuilder.DropIndex(
                name: "IX_IntakeSessions_LinkCode",
                table: "IntakeSessions");

            migrationBuilder.DropColumn(
                name: "LinkCode",
                table: "IntakeSessions");

            migrationBuilder.DropColumn(
                name: "WalkInVinCipher",
                table: "IntakeSessions");
        }
    }
}
