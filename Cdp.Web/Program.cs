using Cdp.Core;
using Cdp.Core.Data;
using Cdp.Web;
using Cdp.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseSettingsBesideApp(builder.Environment);
builder.Services.AddCdpCore(builder.Configuration);
builder.Services.AddCdpWeb(builder.Configuration);

var app = builder.Build();
await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
app.UseCdpWeb();
app.Run();
