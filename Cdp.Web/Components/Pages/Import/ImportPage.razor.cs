using Cdp.Core.Import;
using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;

namespace Cdp.Web.Components.Pages.Import;

public partial class ImportPage
{
    private readonly CancellationTokenSource _disposed = new();
    private ImportKind kind = ImportKind.Customers;
    private ImportDraft? draft;
    private bool analysing, running, dryRunning, cancelling;
    /// <summary>Counts finished analyses, shown on the wizard, so a test can wait for the one its change started.</summary>
    private int analyses;
    private ImportProgress? progress;
    private ImportResult? result;
    private CancellationTokenSource? _run;
    private int historyVersion;

    private async Task OnUploadedAsync(StoredUpload upload)
    {
        draft = new ImportDraft(Imports, upload, kind);
        await AnalyseAsync(d => d.AnalyzeAsync(_disposed.Token));
    }

    private Task ChangeFormatAsync(CsvFileFormat format) => AnalyseAsync(d => d.ChangeFormatAsync(format, _disposed.Token));

    private Task ChangeColumnAsync((int Index, ColumnTarget Target) change) =>
        AnalyseAsync(d => d.ChangeColumnAsync(change.Index, change.Target, _disposed.Token));

    private Task ChangeOptionsAsync(ImportOptions options) => AnalyseAsync(d => d.ChangeOptionsAsync(options, _disposed.Token));

    private async Task AnalyseAsync(Func<ImportDraft, Task> analyse)
    {
        analysing = true;
        try
        {
            await analyse(draft!);
        }
        finally
        {
            analysing = false;
            analyses++;
        }
    }

    private async Task RunAsync(bool dryRun)
    {
        // A click that reaches the server while a changed mapping is still being read would import with the old one.
        if (analysing || running) return;
        if (!await Access.EnsureAsync()) return;
        result = null;
        running = true;
        dryRunning = dryRun;
        cancelling = false;
        progress = null;
        _run = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        var reporter = new Progress(this);
        try
        {
            result = await Imports.RunAsync(draft!.Request(dryRun), await Actor.GetAsync(), reporter, _run.Token);
        }
        finally
        {
            running = false;
            _run.Dispose();
            _run = null;
            historyVersion++;
        }
    }

    private void Cancel()
    {
        cancelling = true;
        _run?.Cancel();
    }

    /// <summary>After a dry run the settings stay, to adjust them; after a real import the next file starts afresh.</summary>
    private void AfterResult()
    {
        if (result is { DryRun: false }) StartOver();
        result = null;
    }

    private void StartOver()
    {
        if (draft is not null) Files.DeleteUpload(draft.Upload.Id);
        draft = null;
        result = null;
    }

    public void Dispose()
    {
        // Leaving the page cancels a running import (the database stays as it was) and stops any analysis.
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>Progress arrives on the import's thread; the page re-renders on its own, at most as often as the service reports.</summary>
    private sealed class Progress(ImportPage page) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => _ = page.InvokeAsync(() =>
        {
            page.progress = value;
            page.StateHasChanged();
        });
    }
}
