using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cdp.Core.Data.Migrations;

/// <summary>Personalisation experiences: e-mail and homepage variants per segment, stored as one JSON document each.</summary>
[DbContext(typeof(CdpDbContext))]
[Migration("20261128110000_Experiences")]
public sealed class Experiences : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Experiences",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false, collation: "NOCASE"),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                HoldoutPercent = table.Column<int>(type: "INTEGER", nullable: false),
                Variants = table.Column<string>(type: "TEXT", nullable: false),
                Version = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Experiences", x => x.Id));

        migrationBuilder.CreateIndex("IX_Experiences_Key", "Experiences", "Key", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Experiences");
}
