using Cdp.Core;
using Cdp.Core.Dashboard;
using Cdp.Core.Data;
using Cdp.Core.Segments.Fields;
using Cdp.Web;
using Cdp.Web.Access;
using Cdp.Web.Hosting;

// SQLite (Microsoft.Data.Sqlite) has no truly asynchronous I/O: a query holds a pool thread until it ends. With many
// people previewing at once, the pool's slow growth (about one thread per half second) would delay everything else,
// SignalR's keep-alives included, until browsers drop their connection; so start with enough threads.
ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, 32 * Environment.ProcessorCount), minIo);

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseSettingsBesideApp(builder.Environment);
builder.Services.AddCdpCore(builder.Configuration);
builder.Services.AddCdpWeb(builder.Configuration);

var app = builder.Build();
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<FirstAdmin>().EnsureAsync(app.Lifetime.ApplicationStopping);
// Compute the dashboard while the server starts listening, so the first visitor does not wait for it.
_ = app.Services.GetRequiredService<DashboardService>().GetAsync();
// Likewise the segment builder's field hints, which scan the customers.
_ = app.Services.GetRequiredService<FieldHints>().DescribeAsync();
app.UseCdpWeb();
app.Run();
