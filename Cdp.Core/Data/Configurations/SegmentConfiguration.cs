using Cdp.Core.Segments.Saved;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> builder)
    {
        builder.Property(s => s.Key).HasMaxLength(64).UseCollation("NOCASE");
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Description).HasMaxLength(1000);
        // Existing rows start at 1, as new ones do.
        builder.Property(s => s.Version).HasDefaultValue(1).IsConcurrencyToken();
        builder.HasIndex(s => s.Key).IsUnique();
    }
}
