using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cdp.Core.Data.Migrations;

/// <summary>Import history, and the registry of custom attributes found in imported data.</summary>
[DbContext(typeof(CdpDbContext))]
[Migration("20261124150000_ImportHistoryAndCustomAttributes")]
public sealed class ImportHistoryAndCustomAttributes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CustomAttributeDefinitions",
            columns: table => new
            {
                Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CustomAttributeDefinitions", x => x.Name));

        migrationBuilder.CreateTable(
            name: "Imports",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                FileBytes = table.Column<long>(type: "INTEGER", nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                DryRun = table.Column<bool>(type: "INTEGER", nullable: false),
                StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                Rows = table.Column<int>(type: "INTEGER", nullable: false),
                Inserted = table.Column<int>(type: "INTEGER", nullable: false),
                Updated = table.Column<int>(type: "INTEGER", nullable: false),
                Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                Rejected = table.Column<int>(type: "INTEGER", nullable: false),
                Merged = table.Column<int>(type: "INTEGER", nullable: false),
                Message = table.Column<string>(type: "TEXT", nullable: true),
                Summary = table.Column<string>(type: "TEXT", nullable: true),
                Settings = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Imports", x => x.Id));

        migrationBuilder.CreateIndex("IX_Imports_StartedAt", "Imports", "StartedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Imports");
        migrationBuilder.DropTable("CustomAttributeDefinitions");
    }
}
