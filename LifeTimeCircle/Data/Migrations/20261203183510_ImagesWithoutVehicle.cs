using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LifeTimeCircle.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImagesWithoutVehicle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UploadedImages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PublicId = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: true),
                    IsCover = table.Column<bool>(type: "INTEGER", nullable: false),
                    AltText = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StorageKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RefusalCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    CheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SmallWidth = table.Column<int>(type: "INTEGER", nullable: false),
                    SmallHeight = table.Column<int>(type: "INTEGER", nullable: false),
                    LargeWidth = table.Column<int>(type: "INTEGER", nullable: false),
                    LargeHeight = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UploadedImages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UploadedImages_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UploadedImages_ArticleId",
                table: "UploadedImages",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_UploadedImages_Cover",
                table: "UploadedImages",
                column: "ArticleId",
                unique: true,
                filter: "\"IsCover\"");

            migrationBuilder.CreateIndex(
                name: "IX_UploadedImages_PublicId",
                table: "UploadedImages",
                column: "PublicId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UploadedImages_UploadedBy_UploadedAt",
                table: "UploadedImages",
                columns: new[] { "UploadedBy", "UploadedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UploadedImages");
        }
    }
}
