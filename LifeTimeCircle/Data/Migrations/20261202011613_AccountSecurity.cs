using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountSecurity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FlowHash",
                table: "EmailCodes",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingAccountKind",
                table: "EmailCodes",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingBusinessName",
                table: "EmailCodes",
                type: "TEXT",
                maxLength: 120,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingBusinessType",
                table: "EmailCodes",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingPasswordHash",
                table: "EmailCodes",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BusinessReviewedAt",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BusinessStatus",
                table: "AspNetUsers",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "OutgoingMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProtectedBody = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutgoingMails", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_BusinessStatus",
                table: "AspNetUsers",
                column: "BusinessStatus");

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingMails_Status_FinishedAt",
                table: "OutgoingMails",
                columns: new[] { "Status", "FinishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OutgoingMails_Status_NextAttemptAt",
                table: "OutgoingMails",
                columns: new[] { "Status", "NextAttemptAt" });

            // Business registrations were self-declared and became dealers at once: every existing business account
            // becomes a pending request in /Admin/Betriebe, with the limits of a private account until approved.
            migrationBuilder.Sql("UPDATE \"AspNetUsers\" SET \"BusinessStatus\" = 'None' WHERE \"AccountKind\" <> 'Gewerblich';");
            migrationBuilder.Sql("UPDATE \"AspNetUsers\" SET \"BusinessStatus\" = 'Pending' WHERE \"AccountKind\" = 'Gewerblich';");
            // dealer → user, written so that it cannot clash with a user role an account might already hold.
            migrationBuilder.Sql("INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") " +
                "SELECT ur.\"UserId\", (SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = 'user') FROM \"AspNetUserRoles\" ur " +
                "JOIN \"AspNetUsers\" u ON u.\"Id\" = ur.\"UserId\" " +
                "WHERE ur.\"RoleId\" = (SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = 'dealer') AND u.\"AccountKind\" = 'Gewerblich' " +
                "AND NOT EXISTS (SELECT 1 FROM \"AspNetUserRoles\" x WHERE x.\"UserId\" = ur.\"UserId\" " +
                "AND x.\"RoleId\" = (SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = 'user'));");
            migrationBuilder.Sql("DELETE FROM \"AspNetUserRoles\" WHERE \"RoleId\" = (SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = 'dealer') " +
                "AND \"UserId\" IN (SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"AccountKind\" = 'Gewerblich');");
            // A password chosen before the address was proven never opens an account: never-confirmed accounts lose
            // it (and any authenticator); they are taken over by whoever proves the address.
            migrationBuilder.Sql("UPDATE \"AspNetUsers\" SET \"PasswordHash\" = NULL, \"TwoFactorEnabled\" = 0, \"AccountKind\" = 'Privat', " +
                "\"BusinessType\" = NULL, \"BusinessName\" = NULL, \"BusinessStatus\" = 'None' WHERE \"EmailConfirmed\" = 0;");
            migrationBuilder.Sql("DELETE FROM \"AspNetUserTokens\" WHERE \"UserId\" IN (SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"EmailConfirmed\" = 0);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutgoingMails");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_BusinessStatus",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "FlowHash",
                table: "EmailCodes");

            migrationBuilder.DropColumn(
                name: "PendingAccountKind",
                table: "EmailCodes");

            migrationBuilder.DropColumn(
                name: "PendingBusinessName",
                table: "EmailCodes");

            migrationBuilder.DropColumn(
                name: "PendingBusinessType",
                table: "EmailCodes");

            migrationBuilder.DropColumn(
                name: "PendingPasswordHash",
                table: "EmailCodes");

            migrationBuilder.DropColumn(
                name: "BusinessReviewedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "BusinessStatus",
                table: "AspNetUsers");
        }
    }
}
