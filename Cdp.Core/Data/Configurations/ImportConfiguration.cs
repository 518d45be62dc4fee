using Cdp.Core.Customers;
using Cdp.Core.Import.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("Imports");
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.HasIndex(r => r.StartedAt);
    }
}

internal sealed class CustomAttributeDefinitionConfiguration : IEntityTypeConfiguration<CustomAttributeDefinition>
{
    public void Configure(EntityTypeBuilder<CustomAttributeDefinition> builder)
    {
        builder.HasKey(a => a.Name);
        builder.Property(a => a.Name).HasMaxLength(64);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
    }
}
