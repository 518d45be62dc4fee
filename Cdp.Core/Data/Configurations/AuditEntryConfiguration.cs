using Cdp.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.Actor).HasMaxLength(AuditEntryLimits.Actor).UseCollation("NOCASE");
        builder.Property(e => e.Action).HasMaxLength(AuditEntryLimits.Action);
        builder.Property(e => e.EntityType).HasMaxLength(AuditEntryLimits.EntityType);
        builder.Property(e => e.EntityId).HasMaxLength(AuditEntryLimits.EntityId);
        builder.Property(e => e.EntityName).HasMaxLength(AuditEntryLimits.EntityName).UseCollation("NOCASE");
        // The page lists newest first, usually narrowed to one kind of entity or one action; a conflict asks for
        // the newest entry about one entity.
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.EntityType, e.At });
        builder.HasIndex(e => new { e.Action, e.At });
        builder.HasIndex(e => new { e.EntityType, e.EntityId, e.At });
    }
}
