using Cdp.Core.Segments.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class ValueMetricRunConfiguration : IEntityTypeConfiguration<ValueMetricRun>
{
    public void Configure(EntityTypeBuilder<ValueMetricRun> builder)
    {
        builder.Property(r => r.RecencyCutPoints).HasMaxLength(400);
        builder.Property(r => r.FrequencyCutPoints).HasMaxLength(400);
        builder.Property(r => r.MonetaryCutPoints).HasMaxLength(400);
    }
}
