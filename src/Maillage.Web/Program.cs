using Maillage.Web;

var app = WebApp.Build(args);
await WebApp.InitializeAsync(app);
await app.RunAsync();

/// <summary>Entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
