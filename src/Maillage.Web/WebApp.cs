using Maillage.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Web;

public static class WebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var dbOptions = DatabaseOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(dbOptions);
        builder.Services.AddDbContext<MaillageDbContext>(o => dbOptions.Configure(o));
        builder.Services.AddRazorPages();

        var app = builder.Build();
        app.UseStaticFiles();
        app.UseRouting();
        app.MapRazorPages();
        return app;
    }

    /// <summary>Creates or upgrades the schema (and, on an empty database, loads reference and demo data).</summary>
    public static async Task InitializeAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        await SchemaMigrator.MigrateAsync(db);
    }
}
