using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Versioning.WebApi.Migrations
{
    /// <inheritdoc />
    public partial class ActivityMetadata : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "metadata",
                table: "activity_logs",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "metadata",
                table: "activity_logs");
        }
    }
}
