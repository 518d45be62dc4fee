using Cdp.Core.Personalization.Recommendations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

// The recommendation tables are derived from orders and products and rebuilt whole, so they carry no foreign keys:
// they would only slow the rebuild and block nothing that matters.

internal sealed class ProductPairConfiguration : IEntityTypeConfiguration<ProductPair>
{
    public void Configure(EntityTypeBuilder<ProductPair> builder)
    {
        builder.ToTable("ProductPairs");
        // The key leads with the product, so a customer's purchases find their partners by index.
        builder.HasKey(p => new { p.ProductId, p.PairedProductId });
    }
}

internal sealed class ProductSalesConfiguration : IEntityTypeConfiguration<ProductSales>
{
    public void Configure(EntityTypeBuilder<ProductSales> builder)
    {
        builder.ToTable("ProductSales");
        builder.HasKey(s => s.ProductId);
        builder.Property(s => s.ProductId).ValueGeneratedNever();
        builder.Property(s => s.Category).HasMaxLength(100).UseCollation("NOCASE");
        builder.HasIndex(s => s.OverallRank);
        builder.HasIndex(s => new { s.Category, s.CategoryRank });
    }
}

internal sealed class NextLevelProductConfiguration : IEntityTypeConfiguration<NextLevelProduct>
{
    public void Configure(EntityTypeBuilder<NextLevelProduct> builder)
    {
        builder.ToTable("NextLevelProducts");
        builder.HasKey(n => new { n.Category, n.FromLevel, n.Rank });
        builder.Property(n => n.Category).HasMaxLength(100).UseCollation("NOCASE");
        builder.Property(n => n.FromLevel).HasMaxLength(30);
    }
}
