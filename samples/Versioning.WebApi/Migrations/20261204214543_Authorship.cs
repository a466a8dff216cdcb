using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Versioning.WebApi.Migrations
{
    /// <inheritdoc />
    public partial class Authorship : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "removed_by",
                table: "products_history",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "changed_by",
                table: "products",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "removed_by",
                table: "products_history");

            migrationBuilder.DropColumn(
                name: "changed_by",
                table: "products");
        }
    }
}
