using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Data;
using Maillage.Core.Features.Accounts;
using Maillage.Core.Features.Registry;
using Maillage.Core.Infrastructure.Security;
using Maillage.Web.Api;
using Maillage.Web.Api.Activity;
using Maillage.Web.Api.Fhir;
using Maillage.Web.Api.Mail;
using Maillage.Web.Api.Procedures;
using Maillage.Web.Api.Registry;
using Maillage.Web.Api.Registry.Transfer;
using Maillage.Core.Infrastructure.Mail;
using Maillage.Web.Api.Associations;
using Maillage.Web.Api.Budget;
using Maillage.Web.Api.Calculator;
using Maillage.Web.Api.Committee;
using Maillage.Web.Api.Directory;
using Maillage.Web.Api.Filieres;
using Maillage.Web.Api.Home; // Mon espace
using Maillage.Web.Api.Reports;
using Maillage.Web.Api.Simulator;
using Maillage.Web.Api.Territory;
using Maillage.Web.Auth;
using Maillage.Web.Operations;

namespace Maillage.Web;

public static class WebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Maillage.Core.Infrastructure.Nomenclature.OrphaGraphCache>();
        builder.Services.AddSingleton<Maillage.Core.Features.PublicDirectory.DirectoryCache>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IAuditActor, HttpAuditActor>();
        builder.Services.AddMaillageDatabase();
        builder.Services.AddScoped<RegistryQueries>();
        builder.Services.AddScoped<RegistryReads>();
        builder.Services.AddScoped<RegistryPages>();
        builder.Services.AddScoped<PersonalData>();
        builder.Services.AddScoped<RegistryService>();
        builder.Services.AddScoped<RegistryTransfer>();
        builder.Services.AddScoped<Maillage.Core.Features.Territory.TerritoryQueries>();
        builder.Services.AddScoped<Maillage.Core.Features.Activity.ActivityReads>();
        builder.Services.AddScoped<Maillage.Core.Features.Funding.FundingScenarios>();
        builder.Services.AddScoped<Maillage.Core.Features.Budget.BudgetService>();
        builder.Services.AddScoped<Maillage.Core.Features.Accounts.ApiTokens>();
        builder.Services.AddScoped<Maillage.Core.Features.Accounts.AccountAdmin>();
        builder.Services.AddScoped<Maillage.Core.Features.Activity.ActivityImportRun>();
        builder.Services.AddScoped<Maillage.Core.Features.Procedures.ProcedureReads>();
        Maillage.Core.Features.Procedures.Kinds.ProcedureServiceCollectionExtensions.AddProcedureKinds(builder.Services);
        builder.Services.AddScoped<Maillage.Core.Features.PublicDirectory.Fhir.FhirQueries>();
        builder.Services.AddScoped<AccessPolicy>();
        builder.Services.AddScoped<Maillage.Core.Features.Procedures.ProcedureService>();
        builder.Services.AddScoped<Maillage.Core.Features.Procedures.CallService>();
        builder.Services.AddScoped<Maillage.Core.Features.Committee.CommitteeService>();
        builder.Services.AddScoped<Maillage.Core.Features.Associations.AssociationSpaceService>();
        builder.Services.AddScoped<Maillage.Core.Features.Home.HomeService>(); // Mon espace
        builder.Services.AddMailOutbox(builder.Configuration);
        Maillage.Core.Features.Registry.HeadAgeAlertServiceCollectionExtensions.AddHeadAgeAlerts(builder.Services, builder.Configuration); // age limit of heads: list, alerts, worker
        // Activity import jobs: rows with a lease, run by the worker of any node (docs/operations.md, "Tâches d'import").
        builder.Services.AddSingleton(sp => Maillage.Core.Features.Activity.Jobs.ActivityJobOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton<Maillage.Core.Features.Activity.Jobs.ActivityJobSignal>();
        builder.Services.AddScoped<Maillage.Core.Features.Activity.Jobs.ActivityStaging>();
        builder.Services.AddScoped<Maillage.Core.Features.Activity.Jobs.ActivityImportJobs>();
        builder.Services.AddSingleton<Maillage.Core.Features.Activity.Jobs.ActivityImportWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Maillage.Core.Features.Activity.Jobs.ActivityImportWorker>());
        builder.Services.AddScoped<Maillage.Core.Features.Filieres.GovernanceService>();
        builder.Services.AddScoped<Maillage.Core.Features.Reports.ReportService>();
        builder.Services.AddScoped<Maillage.Core.Features.Reports.ReportQueries>();
        builder.Services.AddScoped<Maillage.Core.Features.Reports.CampaignTracking>(); // campaign tracking and reminders (docs/campaign-tracking.md)
        // Filière activity (docs/filieres-reports.md).
        builder.Services.AddScoped<Maillage.Core.Features.FiliereReports.FiliereReportService>();
        builder.Services.AddScoped<Maillage.Core.Features.FiliereReports.FiliereActionPlanService>();
        builder.Services.AddScoped<Maillage.Core.Features.FiliereReports.FiliereCensusService>();
        builder.Services.AddScoped<Maillage.Core.Features.Reports.ReportTransfer>();
        // Names and pickers (docs/pickers.md): names of ids for the pages, suggestions for the pickers.
        builder.Services.AddScoped<Maillage.Core.Features.Names.NameService>();
        builder.Services.AddScoped<Maillage.Core.Features.Names.SuggestionService>();
        builder.Services.AddMaillageAuth();
        builder.Services.AddMaillageExternalSignIn(builder.Configuration); // ProConnect, Pro Santé Connect (docs/authentication.md)
        builder.Services.AddMaillageHttpHardening(builder.Configuration);
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Compte");
            o.Conventions.AddPageRoute("/Erreurs/Index", Routes.Pages.AccessDenied.TrimStart('/')); // the cookie's access-denied path: the 403 page
            o.Conventions.AddFolderApplicationModelConvention("/Annuaire", m =>
                m.EndpointMetadata.Add(new Microsoft.AspNetCore.OutputCaching.OutputCacheAttribute { PolicyName = DirectoryApi.CachePolicy }));
        });
        builder.Services.AddDirectoryOutputCache();
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add<Maillage.Web.Errors.FieldLengthPageFilter>()); // a too-long text: field error on the page (docs/security.md, "Hostile input")
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<Maillage.Web.Api.ConcurrencyExceptionHandler>();
        builder.AddMaillageOperations(); // shared key ring, /healthz and /readyz, OpenTelemetry, 500 with the trace id (Operations/)
        // Readable French in the HTML: Razor must not escape accented letters as numeric entities.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Maillage API";
                doc.Info.Version = "v1";
                doc.Info.Description = "Registre du réseau maladies rares. Données ORPHA : Orphanet, INSERM — CC BY 4.0.";
                doc.Servers?.Clear();
                return Task.CompletedTask;
            });
        });

        var app = builder.Build();
        app.UseMaillageHttpHardening();
        app.UseExceptionHandler();
        Maillage.Web.Errors.ErrorPages.UseMaillageStatusCodePages(app); // French DSFR error pages for browsers, problem+json for /api (Errors/ErrorPages.cs)
        app.UseMiddleware<Maillage.Web.Errors.InputErrorsMiddleware>(); // hostile input: French 413/400/422, never 500 (docs/security.md, "Hostile input")
        app.UseStaticFiles();
        app.UseRouting();
        Maillage.Web.Pages.Annuaire.DirectoryLocalization.UseDirectoryLocalization(app); // public directory in French or English (?lang=, cookie)
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapMaillageHealthChecks(); // /healthz, /readyz (Operations/HealthEndpoints.cs)
        app.MapOpenApi(Routes.Api.OpenApiDocument);
        app.MapRegistryApi();
        app.MapRegistryTransferApi();
        app.MapActivityApi();
        app.MapCalculatorApi();
        app.MapDirectoryApi();
        app.EvictDirectoryOutputOnRebuild();
        app.MapTerritoryApi();
        Maillage.Web.Api.Suggestions.SuggestionsApi.MapSuggestionsApi(app); // pickers (docs/pickers.md)
        app.MapFhirApi();
        app.MapProcedureApi();
        app.MapCallApi();
        app.MapPlatformApi();
        app.MapReportApi();
        app.MapFiliereGovernanceApi();
        app.MapFiliereReportApi();
        app.MapSimulatorApi();
        app.MapBudgetApi();
        app.MapMailApi();
        app.MapCommitteeApi();
        app.MapAssociationSpaceApi();
        app.MapHomeApi(); // Mon espace
        Maillage.Web.Api.HeadAge.HeadAgeApi.MapHeadAgeApi(app);
        app.MapRazorPages();
        return app;
    }

    /// <summary>Creates or upgrades the schema (and, on an empty database, loads reference and demo data): Core's first run.</summary>
    public static Task InitializeAsync(WebApplication app) => FirstRun.RunAsync(app.Services);
}
