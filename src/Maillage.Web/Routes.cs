namespace Maillage.Web;

/// <summary>
/// The application's public addresses, in one place for the endpoint mapping, the pages' links and the tests: each API
/// group's base path (routes inside a group are relative to it) and each page's path. Everything here is a constant, so
/// it can be used in attributes and concatenated at compile time (<c>Routes.Api.Networks + "/CRMR-1"</c>).
/// </summary>
public static class Routes
{
    /// <summary>The JSON API, version 1 (docs/openapi.json).</summary>
    public static class Api
    {
        public const string Prefix = "/api/v1";
        public const string OpenApiDocument = Prefix + "/openapi.json";

        // Registry (tag "Registre")
        public const string Stats = Prefix + "/stats";
        public const string Regions = Prefix + "/regions";
        public const string Departements = Prefix + "/departements";
        public const string Erns = Prefix + "/ern";
        public const string Orpha = Prefix + "/orpha";
        public const string Establishments = Prefix + "/establishments";
        public const string Filieres = Prefix + "/filieres";
        public const string Networks = Prefix + "/networks";
        public const string Sites = Prefix + "/sites";
        public const string CompetenceCentres = Prefix + "/competence-centres";
        public const string ResourceCentres = Prefix + "/resource-centres";
        public const string Platforms = Prefix + "/platforms";
        public const string People = Prefix + "/people";
        public const string Associations = Prefix + "/associations";
        public const string Registry = Prefix + "/registry";
        /// <summary>Heads reaching the age limit before their mandate's end (issue 12).</summary>
        public const string HeadAgeAlerts = Prefix + "/head-age-alerts";

        // Features
        public const string Territory = Prefix + "/territory";
        public const string Committee = Prefix + "/committee";
        public const string Surveys = Prefix + "/surveys";
        public const string CollaborativeActions = Prefix + "/collaborative-actions";
        public const string Directory = Prefix + "/directory";
        public const string Activity = Prefix + "/activity";
        public const string Mail = Prefix + "/mail";
        public const string Reports = Prefix + "/reports";
        // Campaign tracking (docs/campaign-tracking.md).
        public const string ReportCampaign = Reports + "/campaign";
        public const string ReportCampaignReminders = ReportCampaign + "/reminders";
        public const string Compliance = Prefix + "/compliance";
        public const string Referentials = Prefix + "/referentials";
        public const string Funding = Prefix + "/funding";
        public const string Budget = Prefix + "/budget";
        public const string Procedures = Prefix + "/procedures";
        public const string Dossiers = Procedures + "/dossiers";
        public const string Calls = Prefix + "/calls";
        public const string Labelling = Prefix + "/labelling";
        public const string Notifications = Prefix + "/notifications";
        /// <summary>Mon espace: the caller's home and notifications (issue 13 §1).</summary>
        public const string Me = Prefix + "/me";
        // Pickers (issue 13, names and pickers): suggestions as the user types.
        public const string Suggestions = Prefix + "/suggestions";
    }

    /// <summary>The read-only FHIR R4 API.</summary>
    public const string Fhir = "/fhir/r4";

    /// <summary>The health checks polled by load balancers and orchestrators: anonymous, outside the API and its OpenAPI
    /// document (Operations/HealthEndpoints.cs; docs/operations.md, "Santé et télémétrie").</summary>
    public static class Health
    {
        /// <summary>Liveness: the process answers (no database call).</summary>
        public const string Liveness = "/healthz";

        /// <summary>Readiness: the database answers and its schema is at this build's version.</summary>
        public const string Readiness = "/readyz";
    }

    /// <summary>The web pages (French addresses).</summary>
    public static class Pages
    {
        public const string Home = "/";
        /// <summary>Mon espace: the signed-in person's home (issue 13 §1).</summary>
        public const string MySpace = "/mon-espace";
        public const string SignIn = "/connexion";
        /// <summary>Where ProConnect and Pro Santé Connect sign-ins end: the linking rule's answer (docs/authentication.md).</summary>
        public const string ExternalSignIn = SignIn + "/externe";
        /// <summary>Starts a sign-in with a federation: <c>/connexion/avec/proconnect</c>, <c>/connexion/avec/pro_sante_connect</c>.</summary>
        public const string ExternalSignInStart = SignIn + "/avec";
        public const string SignOut = "/deconnexion";
        public const string Account = "/compte";
        public const string ApiTokens = Account + "/jetons";
        /// <summary>The national administrator's accounts: e-mail and RPPS for ProConnect / Pro Santé Connect (docs/authentication.md).</summary>
        public const string Accounts = "/administration/comptes";
        public const string Directory = "/annuaire";
        public const string Registry = "/registre";
        public const string HeadAgeAlerts = Registry + "/limite-d-age";
        public const string Structures = "/structures";
        public const string Establishments = "/etablissements";
        public const string Filieres = "/filieres";
        public const string Networks = "/reseaux";
        public const string Centres = "/centres";
        public const string Platforms = "/plateformes";
        public const string People = "/personnes";
        public const string Associations = "/associations";
        public const string Activity = "/activite";
        public const string ActivityImport = Activity + "/import";
        public const string Reports = "/rapports";
        // Campaign tracking (docs/campaign-tracking.md).
        public const string ReportCampaign = Reports + "/campagne";
        public const string Compliance = "/conformite";
        public const string Funding = "/financement";
        public const string Budget = Funding + "/budget";
        public const string Territory = "/territoire";
        public const string Procedures = "/procedures";
        public const string Committee = "/comite-de-suivi";
        public const string CommitteeMeetings = Committee + "/reunions";
        public const string Surveys = Associations + "/enquetes";
        public const string CollaborativeActions = Associations + "/actions";
        // Error pages (issue 13, §7): the status is re-executed to /erreur/{code}; /acces-refuse is the 403.
        public const string Error = "/erreur";
        public const string AccessDenied = "/acces-refuse";
    }
}
