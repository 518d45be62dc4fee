using Cdp.Core.Audit;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace Cdp.Web.Components.Pages.Admin;

/// <summary>Who changed what, when, newest first; filters go into the query, and each row opens to its before and after.</summary>
public partial class AuditPage
{
    private static readonly IEnumerable<int> PageSizes = [25, 50, 100];

    private static readonly string[] EntityTypes =
        [AuditEntityTypes.Segment, AuditEntityTypes.Experience, AuditEntityTypes.Import, AuditEntityTypes.User, AuditEntityTypes.ApiKey];

    private static readonly string[] Actions =
    [
        AuditActions.Created, AuditActions.Updated, AuditActions.Deleted, AuditActions.Imported, AuditActions.Revoked,
        AuditActions.Started, AuditActions.Completed, AuditActions.Failed, AuditActions.Cancelled, AuditActions.PasswordReset,
        AuditActions.Unlocked,
    ];

    [Inject] private AuditLog Audit { get; set; } = null!;

    private RadzenDataGrid<AuditEntry>? grid;
    // Null until the first load: the grid calls LoadData only while it has no data.
    private IReadOnlyList<AuditEntry>? entries;
    private int total;
    private bool loading;
    private string? error;
    private string subtitle = "Who created, changed or deleted which segment, experience, import, user or key, and when.";
    private string? entityType, action, actor, text;
    private DateTime? from, to;

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        try
        {
            if (from is { } f && to is { } t && t < f)
            {
                error = $"\"To\" ({t:yyyy-MM-dd}) is before \"From\" ({f:yyyy-MM-dd}); nothing can match.";
                (entries, total) = ([], 0);
                return;
            }
            error = null;
            var filter = new AuditFilter(entityType, actor, action,
                from is { } start ? DateTime.SpecifyKind(start.Date, DateTimeKind.Utc) : null,
                to is { } end ? DateTime.SpecifyKind(end.Date.AddDays(1), DateTimeKind.Utc) : null,
                text, args.Skip ?? 0, args.Top ?? 25);
            var page = await Audit.QueryAsync(filter);
            (entries, total) = (page.Entries, page.Total);
        }
        finally
        {
            loading = false;
        }
    }

    private async Task FilterAsync(Action change)
    {
        change();
        if (grid is not null) await grid.FirstPage(true);
    }

    private static void OnRowRender(RowRenderEventArgs<AuditEntry> args)
    {
        if (args.Data is null) return;
        args.Attributes["data-testid"] = "audit-row";
        args.Attributes["data-entity"] = $"{args.Data.EntityType}:{args.Data.EntityId}";
    }
}
