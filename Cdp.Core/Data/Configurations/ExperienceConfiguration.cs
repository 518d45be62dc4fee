using Cdp.Core.Personalization.Experiences;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class ExperienceConfiguration : IEntityTypeConfiguration<Experience>
{
    public void Configure(EntityTypeBuilder<Experience> builder)
    {
        builder.Property(e => e.Key).HasMaxLength(ExperienceStore.MaxKeyLength).UseCollation("NOCASE");
        builder.Property(e => e.Name).HasMaxLength(100);
        // As words, so that sqlite3 and exports read "Homepage"/"Live" rather than 1/1.
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasIndex(e => e.Key).IsUnique();
    }
}
