using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cdp.Core.Data.Migrations;

/// <summary>The audit log, and a version on segments for optimistic concurrency (existing segments start at 1).</summary>
[DbContext(typeof(CdpDbContext))]
[Migration("20261129100000_AuditLog")]
public sealed class AddAuditLog : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                At = table.Column<DateTime>(type: "TEXT", nullable: false),
                Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false, collation: "NOCASE"),
                Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                EntityType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                EntityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                EntityName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true, collation: "NOCASE"),
                Before = table.Column<string>(type: "TEXT", nullable: true),
                After = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));

        migrationBuilder.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        migrationBuilder.CreateIndex("IX_AuditEntries_EntityType_At", "AuditEntries", new[] { "EntityType", "At" });
        migrationBuilder.CreateIndex("IX_AuditEntries_Action_At", "AuditEntries", new[] { "Action", "At" });
        migrationBuilder.CreateIndex("IX_AuditEntries_EntityType_EntityId_At", "AuditEntries", new[] { "EntityType", "EntityId", "At" });

        migrationBuilder.AddColumn<int>(name: "Version", table: "Segments", type: "INTEGER", nullable: false, defaultValue: 1);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Version", table: "Segments");
        migrationBuilder.DropTable("AuditEntries");
    }
}
