using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Cdp.Core.Data.Migrations;

/// <summary>RFM scores, named RFM segment and predicted CLV on customers; the thresholds of each recomputation.</summary>
[DbContext(typeof(CdpDbContext))]
[Migration("20261127120000_ValueMetrics")]
public sealed class AddValueMetrics : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "RfmRecency", table: "Customers", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<int>(name: "RfmFrequency", table: "Customers", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<int>(name: "RfmMonetary", table: "Customers", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>(name: "RfmSegment", table: "Customers", type: "TEXT", maxLength: 20, nullable: true);
        migrationBuilder.AddColumn<double>(name: "PredictedClv", table: "Customers", type: "REAL", nullable: false, defaultValue: 0.0);
        migrationBuilder.CreateIndex("IX_Customers_RfmSegment", "Customers", "RfmSegment");

        migrationBuilder.CreateTable(
            name: "ValueMetricRuns",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                CustomersScored = table.Column<int>(type: "INTEGER", nullable: false),
                RecencyCutPoints = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                FrequencyCutPoints = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                MonetaryCutPoints = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ValueMetricRuns", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ValueMetricRuns");
        migrationBuilder.DropIndex("IX_Customers_RfmSegment", "Customers");
        migrationBuilder.DropColumn("PredictedClv", "Customers");
        migrationBuilder.DropColumn("RfmSegment", "Customers");
        migrationBuilder.DropColumn("RfmMonetary", "Customers");
        migrationBuilder.DropColumn("RfmFrequency", "Customers");
        migrationBuilder.DropColumn("RfmRecency", "Customers");
    }
}
