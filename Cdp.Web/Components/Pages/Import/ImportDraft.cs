using Cdp.Core.Import;
using Cdp.Core.Import.Csv;
using Cdp.Core.Import.Mapping;
using Cdp.Core.Import.Parsing;

namespace Cdp.Web.Components.Pages.Import;

/// <summary>
/// An import being prepared on the Import page: the uploaded file and what the user chose so far. Every change
/// re-reads the start of the file, so the preview always shows what the import would do.
/// </summary>
public sealed class ImportDraft(ImportService service, StoredUpload upload, ImportKind kind)
{
    public StoredUpload Upload { get; } = upload;
    public ImportKind Kind { get; } = kind;
    public ImportAnalysis? Analysis { get; private set; }
    public CsvFileFormat? Format { get; private set; }
    public List<ColumnTarget> Mapping { get; private set; } = [];
    public ImportOptions Options { get; set; } = new();

    /// <summary>Detects everything afresh: format, mapping, date and number formats.</summary>
    public Task AnalyzeAsync(CancellationToken cancellationToken) => RunAnalysisAsync(null, null, cancellationToken);

    /// <summary>Reads the file with another format; the mapping is suggested again for the columns it then has.</summary>
    public Task ChangeFormatAsync(CsvFileFormat format, CancellationToken cancellationToken) => RunAnalysisAsync(format, null, cancellationToken);

    public Task ChangeColumnAsync(int index, ColumnTarget target, CancellationToken cancellationToken)
    {
        var mapping = Mapping.ToList();
        mapping[index] = target;
        return RunAnalysisAsync(Format, mapping, cancellationToken);
    }

    /// <summary>After a date or number format was chosen: the preview reads the cells again.</summary>
    public Task ChangeOptionsAsync(ImportOptions options, CancellationToken cancellationToken)
    {
        Options = options;
        return RunAnalysisAsync(Format, Mapping, cancellationToken);
    }

    /// <summary>What is missing before the import can run, or null.</summary>
    public string? Blocker =>
        Analysis?.Problem
        ?? Analysis?.MappingProblem
        ?? (Analysis is { DateOrderNeeded: true } && Options.DateOrder == DateOrder.Unknown ? "Choose the date format: some dates could be day-first or month-first." : null)
        ?? (Analysis is { DecimalSeparatorNeeded: true } && Options.DecimalSeparator == DecimalSeparator.Unknown ? "Choose the number format: some numbers could use either decimal separator." : null);

    public ImportRequest Request(bool dryRun) => new(Upload.Path, Upload.FileName, Kind, Format!, Mapping,
        Options with
        {
            DryRun = dryRun,
            DateOrder = Options.DateOrder == DateOrder.Unknown ? Analysis!.DateOrder : Options.DateOrder,
            DecimalSeparator = Options.DecimalSeparator == DecimalSeparator.Unknown ? Analysis!.DecimalSeparator : Options.DecimalSeparator,
        });

    private async Task RunAnalysisAsync(CsvFileFormat? format, IReadOnlyList<ColumnTarget>? mapping, CancellationToken cancellationToken)
    {
        Analysis = await service.AnalyzeAsync(Upload.Path, Kind, format, mapping, Options, cancellationToken);
        Format = Analysis.Format ?? format;
        Mapping = [.. Analysis.Mapping];
    }
}
