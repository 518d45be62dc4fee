using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;

namespace Cdp.Core.Personalization.Rendering;

/// <summary>Writes a bulk render's records in one format; the columns are the same in both.</summary>
internal abstract class BulkRenderOutput : IAsyncDisposable
{
    /// <summary>The columns (CSV header) and property names (JSON Lines), in order.</summary>
    public static readonly IReadOnlyList<string> Columns = ["customerId", "email", "variant", "holdout", "subject", "preheader", "html", "text"];

    public static BulkRenderOutput Create(BulkRenderFormat format, Stream destination) => format switch
    {
        BulkRenderFormat.Csv => new Csv(destination),
        BulkRenderFormat.JsonLines => new JsonLines(destination),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Expected Csv or JsonLines."),
    };

    public virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract ValueTask WriteAsync(int customerId, string? email, RenderedOutput output, CancellationToken cancellationToken);

    /// <summary>Hands what is buffered to the destination (after each batch, so the file streams).</summary>
    public abstract Task FlushAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class Csv(Stream destination) : BulkRenderOutput
    {
        private readonly CsvWriter _writer = CsvWriter.Create(destination, new CsvWriterOptions
        {
            // A cell starting with = + - @ tab or CR gets an apostrophe, so a spreadsheet shows it rather than runs it
            // (a subject is a template: a customer's name can start with "=").
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
            TrueValue = "true",
            FalseValue = "false",
            FormatProvider = CultureInfo.InvariantCulture,
        }, leaveOpen: true);

        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var column in Columns) _writer.WriteField(column);
            await _writer.EndRecordAsync(cancellationToken);
        }

        public override async ValueTask WriteAsync(int customerId, string? email, RenderedOutput output, CancellationToken cancellationToken)
        {
            _writer.WriteField(customerId);
            _writer.WriteField(email);
            _writer.WriteField(output.Variant);
            _writer.WriteField(output.Decision.Holdout);
            _writer.WriteField(output.Subject);
            _writer.WriteField(output.Preheader);
            _writer.WriteField(output.Html);
            _writer.WriteField(output.Text);
            await _writer.EndRecordAsync(cancellationToken);
        }

        public override async Task FlushAsync(CancellationToken cancellationToken) => await _writer.FlushAsync(cancellationToken);

        public override ValueTask DisposeAsync() => _writer.DisposeAsync();
    }

    private sealed class JsonLines : BulkRenderOutput
    {
        private static readonly JsonEncodedText[] Names = Columns.Select(c => JsonEncodedText.Encode(c)).ToArray();

        private readonly Stream _destination;
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
        private readonly Utf8JsonWriter _json;

        public JsonLines(Stream destination)
        {
            _destination = destination;
            // The file is data, not a page: HTML in it need not be escaped as \u003C, which only makes it larger and unreadable.
            _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        public override ValueTask WriteAsync(int customerId, string? email, RenderedOutput output, CancellationToken cancellationToken)
        {
            _json.WriteStartObject();
            _json.WriteNumber(Names[0], customerId);
            _json.WriteString(Names[1], email);
            _json.WriteString(Names[2], output.Variant);
            _json.WriteBoolean(Names[3], output.Decision.Holdout);
            _json.WriteString(Names[4], output.Subject);
            _json.WriteString(Names[5], output.Preheader);
            _json.WriteString(Names[6], output.Html);
            _json.WriteString(Names[7], output.Text);
            _json.WriteEndObject();
            _json.Flush();
            _json.Reset();
            _buffer.Write("\n"u8);
            return ValueTask.CompletedTask;
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await _destination.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            await _destination.FlushAsync(cancellationToken);
            _buffer.ResetWrittenCount();
        }

        public override ValueTask DisposeAsync() => _json.DisposeAsync();
    }
}
