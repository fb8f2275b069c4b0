using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class IntakeOpenSessionUnique : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(LifeTimeCircle.Data.Configurations.IntakeSessionConfiguration.CloseDuplicateOpenSessionsSql);
            migrationBuilder.CreateIndex(
                name: "IX_IntakeSessions_GrantId_Open",
                table: "IntakeSessions",
                column: "GrantId",
                unique: true,
                filter: "\"State\" = 'Offen'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IntakeSessions_GrantId_Open",
                table: "IntakeSessions");
        }
    }
}
