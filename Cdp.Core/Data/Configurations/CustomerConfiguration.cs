using Cdp.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.ExternalId).HasMaxLength(100);
        // NOCASE keeps e-mail uniqueness and prefix search case-insensitive while still using the index.
        builder.Property(c => c.Email).HasMaxLength(254).UseCollation("NOCASE");
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        // Keys are already lower case; NOCASE is what lets SQLite's LIKE 'prefix%' use their indexes.
        builder.Property(c => c.FirstNameKey).HasMaxLength(100).UseCollation("NOCASE");
        builder.Property(c => c.LastNameKey).HasMaxLength(100).UseCollation("NOCASE");
        builder.Property(c => c.City).HasMaxLength(100).UseCollation("NOCASE");
        builder.Property(c => c.Gender).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.Property(c => c.RfmSegment).HasMaxLength(20);
        // Customers inserted by imports' set-based SQL name only the columns they know; they start unscored.
        builder.Property(c => c.PredictedClv).HasDefaultValue(0m);
        builder.Ignore(c => c.DisplayName);

        builder.HasIndex(c => c.ExternalId).IsUnique();
        builder.HasIndex(c => c.Email).IsUnique();
        builder.HasIndex(c => c.LastNameKey);
        builder.HasIndex(c => c.FirstNameKey);
        builder.HasIndex(c => c.Country);
        builder.HasIndex(c => c.SignedUpAt);
        builder.HasIndex(c => c.LastOrderAt);
        builder.HasIndex(c => c.TotalSpent);
        builder.HasIndex(c => c.RfmSegment);

        builder.HasMany(c => c.Orders).WithOne(o => o.Customer).HasForeignKey(o => o.CustomerId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Favorites).WithOne(f => f.Customer).HasForeignKey(f => f.CustomerId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
