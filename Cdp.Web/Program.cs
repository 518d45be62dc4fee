using Cdp.Core;
using Cdp.Core.Dashboard;
using Cdp.Core.Data;
using Cdp.Core.Segments.Fields;
using Cdp.Web;
using Cdp.Web.Access;
using Cdp.Web.Hosting;

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
