using Cdp.Core.Products;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Sku).HasMaxLength(64).UseCollation("NOCASE");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Category).HasMaxLength(100).UseCollation("NOCASE");
        builder.Property(p => p.Subcategory).HasMaxLength(100).UseCollation("NOCASE");
        builder.Property(p => p.Level).HasMaxLength(30);

        builder.HasIndex(p => p.Sku).IsUnique();
        builder.HasIndex(p => p.Category);
    }
}
