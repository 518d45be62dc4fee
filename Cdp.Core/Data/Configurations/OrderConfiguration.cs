using Cdp.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cdp.Core.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.ExternalId).HasMaxLength(100);
        builder.Property(o => o.Channel).HasMaxLength(50);

        builder.HasIndex(o => o.ExternalId).IsUnique();
        // Covers each customer's orders with their totals: metrics, explanations, and long segment windows,
        // which read it end to end already grouped by customer (see OrderSubqueries.InWindow).
        builder.HasIndex(o => new { o.CustomerId, o.OrderedAt, o.Total });
        // Covers revenue over time (dashboard) and the orders of a time window per customer (windowed segment
        // rules: count and spend grouped by customer) without visiting the table.
        builder.HasIndex(o => new { o.OrderedAt, o.CustomerId, o.Total });

        builder.HasMany(o => o.Lines).WithOne(l => l.Order).HasForeignKey(l => l.OrderId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.Ignore(l => l.Amount);
        builder.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        // Covers revenue per product (dashboard) and who bought which products (segments, recommendations: the
        // order id leads to the customer) without visiting the table.
        builder.HasIndex(l => new { l.ProductId, l.Quantity, l.UnitPrice, l.OrderId });
    }
}
