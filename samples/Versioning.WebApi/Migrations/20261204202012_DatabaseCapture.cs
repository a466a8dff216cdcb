using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Versioning.WebApi.Migrations
{
    /// <inheritdoc />
    public partial class DatabaseCapture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "products")
                .Annotation("Versioning:DatabaseCapture", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "products")
                .OldAnnotation("Versioning:DatabaseCapture", true);
        }
    }
}
