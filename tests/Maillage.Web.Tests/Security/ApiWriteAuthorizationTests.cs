using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Core.Infrastructure.Security;
using Maillage.Domain.Registry;
using Maillage.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Every API endpoint that writes, enumerated from the routing table: anonymous callers get 401, callers whose scope
/// does not cover the object get 403, and nothing changes. A new writing endpoint that this test does not know how to
/// call fails the test, so it cannot be forgotten.
/// </summary>
public sealed class ApiWriteAuthorizationTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>
    /// Mon espace: POST endpoints that write only the caller's own reading marks (docs/home.md). Anonymous callers get
    /// 401; another account's notification answers 404 (as an unknown one) and is not marked; marking one's own recent
    /// notifications is allowed to any signed-in caller.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PersonalWrites = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Routes.Api.Me + "/notifications/{id:int}/read"] = "marks one of the caller's notifications read (404 for another's)",
        [Routes.Api.Me + "/notifications/read"] = "marks the caller's own recent notifications read",
    };

    /// <summary>POST endpoints that compute over the caller's input and write nothing: open to anyone, proven not to write.</summary>
    public static readonly IReadOnlyDictionary<string, string> Calculators = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Routes.Api.Compliance + "/check"] = "runs the compliance engine over the reports sent",
        [Routes.Api.Funding + "/dpi"] = "runs the DPI funding tree over the rows sent",
        [Routes.Api.Funding + "/mig"] = "shares the envelope sent over the rows sent",
    };

    public static IReadOnlyList<(string Method, string Pattern)> WriteEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => WriteMethods.Contains(m))
                .Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct().OrderBy(x => x.Item2, StringComparer.Ordinal).ThenBy(x => x.Item1, StringComparer.Ordinal).ToList();

    /// <summary>Real objects of the demo network, none of them in the out-of-scope callers' scopes.</summary>
    private sealed record Targets(string Finess, string Filiere, string Network, string Site, string Ccmr, string Crc, string Platform,
        string Person, string Association, string NewFiness, string Departement, string Dossier, string Call, string Application, int JuryMember,
        string CommitteeMember, string CommitteeMeeting, string Survey, string Action,
        string FiliereAction, string FiliereTraining, string FiliereLaboratory, string FiliereRegistry, string Declaration);

    private const string DemoActivityFiliere = "CARDIOGEN";

    private static async Task<Targets> TargetsAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        var db = s.ServiceProvider.GetRequiredService<MaillageDbContext>();
        // Objects outside Corsica (region 94), so a regional agency of Corsica is out of scope for all of them.
        var site = await db.Centres.Where(c => c.Kind == CentreKind.ReferenceSite && c.ClosedOn == null && c.Establishment!.Departement!.RegionCode != "94").OrderBy(c => c.Id).FirstAsync();
        var ccmr = await db.Centres.Where(c => c.Kind == CentreKind.CompetenceCentre && c.ClosedOn == null && c.Establishment!.Departement!.RegionCode != "94").OrderBy(c => c.Id).FirstAsync();
        var crc = await db.Centres.Where(c => c.Kind == CentreKind.ResourceCentre && c.ClosedOn == null && c.Establishment!.Departement!.RegionCode != "94").OrderBy(c => c.Id).FirstAsync();
        var platform = await db.Platforms.Where(p => p.RegionCode != "94" && p.Host!.Departement!.RegionCode != "94").OrderBy(p => p.Id).FirstAsync();
        var network = await db.Networks.Where(n => n.Sites.Any(c => c.Role == SiteRole.Coordinating && c.Establishment!.Departement!.RegionCode != "94")).OrderBy(n => n.Id).FirstAsync();
        var person = await db.Mandates.Where(m => m.CentreId == site.Id && m.To == null).Select(m => m.PersonId).FirstAsync();
        var association = await db.Associations.OrderBy(a => a.Id).Skip(1).Select(a => a.Id).FirstAsync();
        var existing = await db.Establishments.Select(e => e.Finess).ToListAsync();
        var order = 990000;
        var newFiness = Finess.Create("75", order).Value;
        while (existing.Contains(newFiness)) newFiness = Finess.Create("75", ++order).Value;
        // A succession dossier of the site, opened by the ministry, for the procedure endpoints.
        var procedures = s.ServiceProvider.GetRequiredService<Maillage.Core.Features.Procedures.ProcedureService>();
        var existing2 = await db.Set<Maillage.Core.Features.Procedures.Dossier>().Where(d => d.CentreId == site.Id).Select(d => d.Id).FirstOrDefaultAsync();
        var dossier = existing2 ?? (await procedures.OpenCentreHeadSuccessionAsync(new Caller("admin-test", UserRole.NationalAdmin, null), site.Id,
            new Maillage.Core.Features.Procedures.SuccessorInput(null, "Pr", "Camille", "Test", null, null, HeadStatus.PuPh, null, true, null), null, null)).DossierId!;
        // A labelling campaign with one jury member and the network's application, for the call endpoints.
        var admin = new Caller("admin-test", UserRole.NationalAdmin, null);
        var calls = s.ServiceProvider.GetRequiredService<Maillage.Core.Features.Procedures.CallService>();
        // The test's own campaign (the demo opens one too, without a jury).
        var call = await db.Set<Maillage.Core.Features.Procedures.Call>().Where(c => c.Kind == Maillage.Domain.Procedures.CallKind.LabellingCampaign && c.Title == "Campagne test").Select(c => c.Id).FirstOrDefaultAsync();
        if (call is null)
        {
            var today = DateOnly.FromDateTime(DateTime.Today);
            call = (await calls.CreateAsync(admin, new Maillage.Core.Features.Procedures.CallInput(Maillage.Domain.Procedures.CallKind.LabellingCampaign, "Campagne test", null,
                today, today.AddDays(30), null, "2023-2028", "2099-2103", new DateOnly(2099, 1, 1), new DateOnly(2103, 12, 31)))).DossierId!;
            var expert = await app.CreateUserAsync(UserRole.Expert, null);
            await calls.AddMemberAsync(admin, call, new Maillage.Core.Features.Procedures.JuryMemberInput(expert.UserName, null, Maillage.Domain.Procedures.JurySeat.Expert, false, null, null, null));
            await procedures.OpenLabellingApplicationAsync(admin, call, network.Id);
        }
        var application = await db.Set<Maillage.Core.Features.Procedures.Dossier>().Where(d => d.CallId == call).Select(d => d.Id).FirstAsync();
        var member = await db.Set<Maillage.Core.Features.Procedures.JuryMember>().Where(m => m.CallId == call).Select(m => m.Id).FirstAsync();
        // The follow-up committee's demo member and meeting; a survey and a collaborative action of an association other than
        // the test's association caller (ASSO-001), with a centre outside its scope as partner.
        var committeeMember = await db.CommitteeMembers.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        var committeeMeeting = await db.CommitteeMeetings.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
        const string survey = "ENQ-TEST-AUTH", action = "ACT-TEST-AUTH";
        if (!await db.PatientSurveys.AnyAsync(x => x.Id == survey))
        {
            db.PatientSurveys.Add(new Maillage.Core.Features.Associations.PatientSurvey
            {
                Id = survey, AssociationId = association, Title = "Enquête (test)", PartnerKind = Maillage.Domain.Associations.PartnerKind.Centre,
                PartnerId = site.Id, CreatedBy = "admin-test", CreatedAt = DateTimeOffset.UtcNow,
            });
            db.CollaborativeActions.Add(new Maillage.Core.Features.Associations.CollaborativeAction
            {
                Id = action, AssociationId = association, Title = "Action (test)", PartnerKind = Maillage.Domain.Associations.PartnerKind.Centre,
                PartnerId = site.Id, StartsOn = new DateOnly(2026, 1, 1),
            });
            await db.SaveChangesAsync();
        }
        // The demo filière with an action plan and a census (DemoFiliereActivity); the other-filière caller is ORKID or OSCAR.
        var filiereAction = await db.FiliereActions.Where(x => x.FiliereAcronym == DemoActivityFiliere).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
        var filiereTraining = await db.FiliereTrainings.Where(x => x.FiliereAcronym == DemoActivityFiliere).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
        var filiereLaboratory = await db.FiliereLaboratories.Where(x => x.FiliereAcronym == DemoActivityFiliere).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
        var filiereRegistry = await db.NetworkRegistries.Where(r => db.Networks.Any(n => n.Id == r.NetworkId && n.FiliereAcronym == DemoActivityFiliere))
            .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        // A declaration of use of MIG credits of the demo budget, outside Corsica (the budget chain's review endpoint).
        var declaration = await db.BudgetDeclarations.Where(d => db.Establishments.Any(e => e.Finess == d.LegalEntityFiness && e.Departement!.RegionCode != "94"))
            .OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
        return new Targets(site.EstablishmentFiness, network.FiliereAcronym, network.Id, site.Id, ccmr.Id, crc.Id, platform.Id, person,
            association, newFiness, "75", dossier, call, application, member, committeeMember, committeeMeeting, survey, action,
            filiereAction, filiereTraining, filiereLaboratory, filiereRegistry, declaration);
    }

    /// <summary>A concrete URL and a valid JSON body for each writing endpoint; null for an endpoint this test does not know.</summary>
    private static async Task<(string Url, JsonNode Body)?> RequestForAsync(HttpClient reader, Targets t, string method, string pattern)
    {
        async Task<JsonNode> Get(string url) => JsonNode.Parse(await reader.GetStringAsync(new Uri(url, UriKind.Relative)))!;
        var centres = new Dictionary<string, string>(StringComparer.Ordinal) { ["sites"] = t.Site, ["competence-centres"] = t.Ccmr, ["resource-centres"] = t.Crc };
        if (pattern.StartsWith(Routes.Api.Funding + "/s", StringComparison.Ordinal))
        {
            var scenario = new JsonObject { ["year"] = 2024, ["base_envelope"] = 1000000, ["envelope"] = 1100000, ["name"] = "Test" };
            return (method, pattern) switch
            {
                ("POST", Routes.Api.Funding + "/simulations") => (Routes.Api.Funding + "/simulations", scenario),
                ("POST", Routes.Api.Funding + "/scenarios") => (Routes.Api.Funding + "/scenarios", scenario),
                ("DELETE", Routes.Api.Funding + "/scenarios/{id}") => (Routes.Api.Funding + "/scenarios/SCN-2024-999", new JsonObject()),
                _ => null,
            };
        }
        if (pattern.StartsWith(Routes.Api.Budget + "/", StringComparison.Ordinal))
        {
            var b = Routes.Api.Budget;
            var y = $"{b}/years/{Maillage.Core.Demo.DemoBudget.Year}";
            return (method, pattern) switch
            {
                ("POST", Routes.Api.Budget + "/years") => (b + "/years", new JsonObject { ["year"] = 2030 }),
                ("PUT", Routes.Api.Budget + "/years/{year:int}") => (y, new JsonObject { ["platform_line"] = "F23", ["envelopes"] = new JsonObject { ["total"] = 1 } }),
                ("POST", Routes.Api.Budget + "/years/{year:int}/circulars/{circular}/compute") => ($"{y}/circulars/C3/compute", new JsonObject { ["lines"] = new JsonArray("F21") }),
                ("PUT", Routes.Api.Budget + "/years/{year:int}/circulars/{circular}/delegations") => ($"{y}/circulars/C3/delegations",
                    new JsonObject { ["finess"] = t.Finess, ["line"] = "F23", ["amount"] = 1 }),
                ("POST", Routes.Api.Budget + "/years/{year:int}/circulars/{circular}/publish") => ($"{y}/circulars/C3/publish", new JsonObject()),
                ("PUT", Routes.Api.Budget + "/years/{year:int}/declarations") => ($"{y}/declarations", new JsonObject { ["finess"] = t.Finess, ["line"] = "F04", ["centre_id"] = t.Site, ["amount"] = 1 }),
                ("POST", Routes.Api.Budget + "/declarations/{id}/review") => ($"{b}/declarations/{t.Declaration}/review", new JsonObject { ["decision"] = "validated" }),
                _ => null,
            };
        }
        if (pattern.StartsWith(Routes.Api.Calls, StringComparison.Ordinal))
        {
            var c = $"{Routes.Api.Calls}/{t.Call}";
            return (method, pattern) switch
            {
                ("POST", Routes.Api.Calls) => (Routes.Api.Calls, new JsonObject
                {
                    ["kind"] = "platform_call", ["title"] = "Appel", ["opens_on"] = "2030-01-01", ["deadline"] = "2030-04-15",
                }),
                ("POST", Routes.Api.Calls + "/{id}/jury") => ($"{c}/jury", new JsonObject { ["user_name"] = "admin", ["seat"] = "expert" }),
                ("DELETE", Routes.Api.Calls + "/{id}/jury/{memberId:int}") => ($"{c}/jury/{t.JuryMember}", new JsonObject()),
                ("PUT", Routes.Api.Calls + "/{id}/jury/declaration") => ($"{c}/jury/declaration", new JsonObject { ["declaration"] = "Aucun lien." }),
                ("POST", Routes.Api.Calls + "/{id}/labelling-applications") => ($"{c}/labelling-applications", new JsonObject { ["network_id"] = t.Network }),
                ("POST", Routes.Api.Calls + "/{id}/publish") => ($"{c}/publish", new JsonObject()),
                ("POST", Routes.Api.Calls + "/{id}/platform-projects") => ($"{c}/platform-projects", new JsonObject
                {
                    ["name"] = "Plateforme", ["host_finess"] = t.Finess, ["centres"] = new JsonArray(t.Site),
                }),
                _ => null,
            };
        }
        if (pattern.StartsWith(Routes.Api.Procedures + "/", StringComparison.Ordinal))
        {
            var d = $"{Routes.Api.Dossiers}/{t.Dossier}";
            var a = $"{Routes.Api.Dossiers}/{t.Application}";
            return (method, pattern) switch
            {
                ("PUT", Routes.Api.Dossiers + "/{id}/sites/{centreId}") => ($"{a}/sites/{t.Ccmr}", new JsonObject { ["role"] = "constitutive" }),
                ("DELETE", Routes.Api.Dossiers + "/{id}/sites/{centreId}") => ($"{a}/sites/{t.Ccmr}", new JsonObject()),
                ("POST", Routes.Api.Dossiers + "/{id}/jury") => ($"{a}/jury", new JsonObject { ["member_id"] = t.JuryMember }),
                ("DELETE", Routes.Api.Dossiers + "/{id}/jury/{memberId:int}") => ($"{a}/jury/{t.JuryMember}", new JsonObject()),
                ("PUT", Routes.Api.Dossiers + "/{id}/review") => ($"{a}/review", new JsonObject { ["score"] = 12, ["recommendation"] = "favourable" }),
                ("PUT", Routes.Api.Dossiers + "/{id}/sites/{centreId}/decision") => ($"{a}/sites/{t.Site}/decision", new JsonObject { ["decision"] = "labelled" }),
                ("POST", Routes.Api.Dossiers) => (Routes.Api.Dossiers, new JsonObject
                {
                    ["kind"] = "centre_head_succession", ["centre_id"] = t.Ccmr,
                    ["successor"] = new JsonObject { ["first_name"] = "Camille", ["last_name"] = "Test", ["status"] = "pu_ph" },
                }),
                ("PUT", Routes.Api.Dossiers + "/{id}/sections/{key}") => ($"{d}/sections/mission_care", new JsonObject { ["text"] = "Projet." }),
                ("POST", Routes.Api.Dossiers + "/{id}/documents/{item}") => ($"{d}/documents/cv", new JsonObject { ["pdf"] = true }),
                ("PUT", Routes.Api.Dossiers + "/{id}/opinions/{item}") => ($"{d}/opinions/director_opinion:{t.Finess}", new JsonObject { ["value"] = "favourable" }),
                ("POST", Routes.Api.Dossiers + "/{id}/transitions") => ($"{d}/transitions", new JsonObject { ["action"] = "withdraw" }),
                // The platform project's endpoints, on a dossier none of these callers may write (checked before its kind).
                ("PUT", Routes.Api.Dossiers + "/{id}/platform") => ($"{d}/platform", new JsonObject { ["name"] = "Plateforme", ["centres"] = new JsonArray(t.Site) }),
                ("PUT", Routes.Api.Dossiers + "/{id}/platform/credits") => ($"{d}/platform/credits", new JsonObject { ["delegated_on"] = "2026-01-15" }),
                ("POST", Routes.Api.Dossiers + "/{id}/platform/checkpoint") => ($"{d}/platform/checkpoint", new JsonObject { ["pdf"] = true }),
                ("PUT", Routes.Api.Dossiers + "/{id}/platform/indicators/{year:int}") => ($"{d}/platform/indicators/1", new JsonObject { ["indicators"] = new JsonArray() }),
                ("PUT", Routes.Api.Dossiers + "/{id}/platform/renewal") => ($"{d}/platform/renewal", new JsonObject { ["renewed"] = true }),
                _ => null,
            };
        }
        const string governance = Routes.Api.Filieres + "/{acronym}/governance";
        if (pattern.StartsWith(governance, StringComparison.Ordinal))
        {
            // A filière's governance committee: the caller's scope is the filière of the path, checked before the member or meeting.
            var rest = pattern[governance.Length..].Replace("{memberId:int}", "1", StringComparison.Ordinal).Replace("{meetingId:int}", "1", StringComparison.Ordinal);
            JsonObject body = rest.EndsWith("/minutes", StringComparison.Ordinal) || rest == "/rules" ? new JsonObject { ["pdf"] = true }
                : rest.StartsWith("/members", StringComparison.Ordinal) ? new JsonObject { ["college"] = "centres", ["name"] = "Membre (test)" }
                : new JsonObject { ["date"] = "2030-01-15", ["agenda"] = "Ordre du jour (test)" };
            return ($"{Routes.Api.Filieres}/{t.Filiere}/governance{rest}", body);
        }
        if (pattern.StartsWith(Routes.Api.Filieres + "/{acronym}/", StringComparison.Ordinal))
        {
            // A filière's annual report, action plan and census: its coordinator and the ministry write, no one else.
            var year = DateTime.Today.Year;
            var rest = pattern[(Routes.Api.Filieres + "/{acronym}").Length..];
            var id = rest.Contains("/census/trainings/", StringComparison.Ordinal) ? t.FiliereTraining
                : rest.Contains("/census/laboratories/", StringComparison.Ordinal) ? t.FiliereLaboratory
                : rest.Contains("/census/registries/", StringComparison.Ordinal) ? t.FiliereRegistry
                : t.FiliereAction;
            rest = rest.Replace("{year:int}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{id}", id, StringComparison.Ordinal);
            JsonObject body = rest switch
            {
                _ when rest.EndsWith("/transitions", StringComparison.Ordinal) => new JsonObject { ["action"] = "submit" },
                _ when rest.Contains("/reviews/", StringComparison.Ordinal) => new JsonObject { ["status"] = "in_progress", ["comment"] = "Revue (test)" },
                _ when rest.Contains("/action-plan/", StringComparison.Ordinal) => new JsonObject { ["title"] = "Action (test)", ["mission"] = "coordination", ["plan_start"] = year },
                _ when rest.Contains("/census/trainings", StringComparison.Ordinal) => new JsonObject { ["kind"] = "du", ["title"] = "DU (test)", ["year"] = year },
                _ when rest.Contains("/census/laboratories", StringComparison.Ordinal) => new JsonObject { ["kind"] = "diagnostic", ["name"] = "Laboratoire (test)" },
                _ when rest.Contains("/census/registries", StringComparison.Ordinal) => new JsonObject { ["kind"] = "registry", ["name"] = "Registre (test)" },
                _ => new JsonObject { ["coordination"] = "Texte (test)" },
            };
            return ($"{Routes.Api.Filieres}/{DemoActivityFiliere}{rest}", body);
        }
        if (pattern.StartsWith(Routes.Api.Committee + "/", StringComparison.Ordinal))
        {
            // The follow-up committee: the ministry (its secretariat) manages it, its members give opinions; no one else writes.
            var c = Routes.Api.Committee;
            return (method, pattern) switch
            {
                ("POST", Routes.Api.Committee + "/members") => ($"{c}/members", new JsonObject { ["name"] = "Membre (test)", ["seat"] = "member" }),
                ("PUT", Routes.Api.Committee + "/members/{id}") => ($"{c}/members/{t.CommitteeMember}", new JsonObject { ["name"] = "Membre (test)", ["seat"] = "member" }),
                ("POST", Routes.Api.Committee + "/meetings") => ($"{c}/meetings", new JsonObject { ["date"] = "2030-01-15", ["title"] = "Réunion (test)" }),
                ("PUT", Routes.Api.Committee + "/meetings/{id}") => ($"{c}/meetings/{t.CommitteeMeeting}", new JsonObject { ["date"] = "2030-01-15", ["title"] = "Réunion (test)" }),
                ("PUT", Routes.Api.Committee + "/meetings/{id}/minutes") => ($"{c}/meetings/{t.CommitteeMeeting}/minutes?file_name=cr.pdf", new JsonObject { ["pdf"] = true }),
                ("POST", Routes.Api.Committee + "/opinions") => ($"{c}/opinions", new JsonObject
                {
                    ["dossier_id"] = t.Dossier, ["meeting_id"] = t.CommitteeMeeting, ["subject"] = "succession", ["value"] = "favourable",
                }),
                _ => null,
            };
        }
        if (pattern.StartsWith(Routes.Api.Surveys, StringComparison.Ordinal) || pattern.StartsWith(Routes.Api.CollaborativeActions, StringComparison.Ordinal))
        {
            // An association writes its own surveys and actions only (the targets belong to another association).
            var survey = new JsonObject { ["association_id"] = t.Association, ["title"] = "Enquête (test)", ["partner_kind"] = "centre", ["partner_id"] = t.Site };
            var action = new JsonObject
            {
                ["association_id"] = t.Association, ["title"] = "Action (test)", ["partner_kind"] = "centre", ["partner_id"] = t.Site, ["starts_on"] = "2026-01-01",
            };
            return (method, pattern.TrimEnd('/')) switch
            {
                ("POST", Routes.Api.Surveys) => (Routes.Api.Surveys, survey),
                ("PUT", Routes.Api.Surveys + "/{id}") => ($"{Routes.Api.Surveys}/{t.Survey}", survey),
                ("POST", Routes.Api.Surveys + "/{id}/responses") => ($"{Routes.Api.Surveys}/{t.Survey}/responses", new JsonObject { ["responses"] = new JsonArray(new JsonArray(1)) }),
                ("POST", Routes.Api.CollaborativeActions) => (Routes.Api.CollaborativeActions, action),
                ("PUT", Routes.Api.CollaborativeActions + "/{id}") => ($"{Routes.Api.CollaborativeActions}/{t.Action}", action),
                _ => null,
            };
        }
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries); // api, v1, collection, {id}?, sub?
        var collection = parts[2];
        var hasId = parts.Length > 3;
        var sub = parts.Length > 4 ? parts[4] : null;
        switch (collection, method, hasId, sub)
        {
            case ("establishments", "PUT", true, null):
                return ($"{Routes.Api.Establishments}/{t.Finess}", await Get($"{Routes.Api.Establishments}/{t.Finess}"));
            case ("establishments", "POST", false, null):
                return (Routes.Api.Establishments, new JsonObject
                {
                    ["finess"] = t.NewFiness, ["level"] = "site", ["name"] = "Nouvel établissement", ["category"] = "ch", ["departement"] = t.Departement,
                });
            case ("filieres", "PUT", true, null):
                return ($"{Routes.Api.Filieres}/{t.Filiere}", await Get($"{Routes.Api.Filieres}/{t.Filiere}"));
            case ("networks", "PUT", true, null):
                return ($"{Routes.Api.Networks}/{t.Network}", await Get($"{Routes.Api.Networks}/{t.Network}"));
            case ("networks", "POST", false, null):
            {
                var body = await Get($"{Routes.Api.Networks}/{t.Network}");
                body["id"] = "CRMR-TEST-NEW";
                return (Routes.Api.Networks, body);
            }
            case ("sites" or "competence-centres" or "resource-centres", "PUT", true, null):
                return ($"{Routes.Api.Prefix}/{collection}/{centres[collection]}", await Get($"{Routes.Api.Prefix}/{collection}/{centres[collection]}"));
            case ("sites" or "competence-centres" or "resource-centres", "PUT", true, "head"):
                return ($"{Routes.Api.Prefix}/{collection}/{centres[collection]}/head", new JsonObject { ["person_id"] = t.Person, ["from"] = "2027-01-01" });
            case ("sites" or "competence-centres" or "resource-centres", "POST", false, null):
            {
                var body = await Get($"{Routes.Api.Prefix}/{collection}/{centres[collection]}");
                body["id"] = "TEST-NEW-CENTRE";
                return ($"{Routes.Api.Prefix}/{collection}", body);
            }
            case ("platforms", "PUT", true, null):
                return ($"{Routes.Api.Platforms}/{t.Platform}", new JsonObject
                {
                    ["name"] = (await Get($"{Routes.Api.Platforms}/{t.Platform}"))["name"]!.GetValue<string>(), ["host_finess"] = (await Get($"{Routes.Api.Platforms}/{t.Platform}"))["host_finess"]!.GetValue<string>(),
                });
            case ("people", "PUT", true, null):
                return ($"{Routes.Api.People}/{t.Person}", new JsonObject { ["first_name"] = "Camille", ["last_name"] = "Martin", ["status"] = "pu_ph", ["clinical_activity"] = true });
            case ("people", "POST", false, null):
                return (Routes.Api.People, new JsonObject { ["id"] = "P-TEST", ["first_name"] = "Camille", ["last_name"] = "Martin", ["status"] = "pu_ph", ["clinical_activity"] = true });
            case ("associations", "PUT", true, null):
                return ($"{Routes.Api.Associations}/{t.Association}", await Get($"{Routes.Api.Associations}/{t.Association}"));
            case ("associations", "POST", false, null):
                return (Routes.Api.Associations, new JsonObject { ["id"] = "ASSO-TEST", ["name"] = "Association test" });
            case ("reports", "POST", true, _) when pattern == Routes.Api.ReportCampaignReminders:
                // Campaign reminders: the ministry, or the agency of the named centre's region (CampaignTracking).
                return (Routes.Api.ReportCampaignReminders, new JsonObject { ["year"] = DateTime.Today.Year - 1, ["centre_ids"] = new JsonArray(t.Site) });
            case ("reports", "PUT", true, _) when pattern.EndsWith("/exception", StringComparison.Ordinal):
                return ($"{Routes.Api.Reports}/{t.Site}/{DateTime.Today.Year}/exception", new JsonObject { ["accept"] = true, ["note"] = "Justifiée" });
            case ("reports", "PUT", true, _):
                return ($"{Routes.Api.Reports}/{t.Site}/{DateTime.Today.Year}", new JsonObject { ["active_patients"] = 120 });
            case ("reports", "POST", true, _) when pattern.EndsWith("/transitions", StringComparison.Ordinal):
                return ($"{Routes.Api.Reports}/{t.Site}/{DateTime.Today.Year}/transitions", new JsonObject { ["action"] = "submit" });
            case ("reports", "POST", true, null) when pattern.EndsWith("/import", StringComparison.Ordinal):
                // Sent as a multipart upload of a one-row reports CSV (see SendAsync).
                return (Routes.Api.Reports + "/import", new JsonObject { ["csv"] = $"centre_id;year;active_patients\n{t.Site};{DateTime.Today.Year};120\n" });
            case ("registry", "POST", true, null) when pattern.EndsWith("/import", StringComparison.Ordinal):
                // Sent as a multipart upload of a small valid people.csv (see SendAsync).
                return (Routes.Api.Registry + "/import", new JsonObject { ["csv"] = $"id;first_name;last_name;status\n{t.Person};Camille;Martin;pu_ph\n" });
            case ("activity", "POST", _, _) when pattern == Routes.Api.Activity + "/imports":
                // Sent as a raw text/csv body: a valid one-row extract of a real site (see SendAsync).
                return (Routes.Api.Activity + "/imports", new JsonObject
                {
                    ["csv"] = Maillage.Domain.Activity.ActivityExtract.Header + $"\naaaaaaaaaaaaaaaa0001;{t.Finess};{t.Site};2024-01-05;CS;;;confirme;1980;F;75;0\n",
                });
            case ("activity", "POST", _, _) when pattern == Routes.Api.Activity + "/imports/{id}/cancel":
                return (Routes.Api.Activity + "/imports/0123456789abcdef0123456789abcdef/cancel", new JsonObject());
            case ("mail", "POST", _, _) when pattern == Routes.Api.Mail + "/test":
                // Only a national administrator may send a test message (docs/operations.md, "Courrier électronique").
                return (Routes.Api.Mail + "/test", new JsonObject { ["to"] = "exploitation@example.org" });
            default:
                return null;
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, JsonNode body)
    {
        HttpContent content = JsonContent.Create(body, options: new JsonSerializerOptions());
        if (url.EndsWith("/registry/import", StringComparison.Ordinal) || url.EndsWith("/reports/import", StringComparison.Ordinal))
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body["csv"]!.GetValue<string>())), "file",
                url.EndsWith("/reports/import", StringComparison.Ordinal) ? "rapports.csv" : "people.csv");
            content = form;
        }
        if (body["pdf"] is not null)
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(new Maillage.Core.Infrastructure.Pdf.PdfDocumentBuilder().Title("Test").ToBytes()), "file", "test.pdf");
            content = form;
        }
        if (url.EndsWith("/activity/imports", StringComparison.Ordinal))
            content = new StringContent(body["csv"]!.GetValue<string>(), System.Text.Encoding.UTF8, "text/csv");
        return await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative)) { Content = content },
            TestContext.Current.CancellationToken);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Every_writing_endpoint_refuses_anonymous_and_out_of_scope_callers(DatabaseProvider provider)
    {
        var app = apps[provider];
        var endpoints = WriteEndpoints(app.Services);
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} writing endpoints found");
        var targets = await TargetsAsync(app);
        using var reader = app.CreateClient();
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var association = await app.ApiClientAsync(UserRole.Association, "ASSO-001");
        using var corsica = await app.ApiClientAsync(UserRole.RegionalAgency, "94");
        using var otherFiliere = await app.ApiClientAsync(UserRole.FiliereCoordinator, targets.Filiere == "ORKID" ? "OSCAR" : "ORKID");
        long auditBefore = await AuditCountAsync(app);
        var activityImportsBefore = await ActivityImportCountAsync(app);
        var notificationsBefore = await NotificationCountAsync(app);

        var unknown = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            if (Calculators.ContainsKey(pattern))
            {
                // Anyone may call a calculator; what matters is that it writes nothing (audit count checked below).
                using var r = await SendAsync(anonymous, method, pattern, new JsonObject());
                Assert.True((int)r.StatusCode < 500, $"{method} {pattern}: {(int)r.StatusCode}");
                continue;
            }
            if (PersonalWrites.ContainsKey(pattern))
            {
                // Mon espace: a notification to the ministry only; the out-of-scope callers cannot mark it (nor learn it exists).
                var ministryOnly = await MinistryNotificationAsync(app);
                var url2 = pattern.Replace("{id:int}", ministryOnly.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                using (var r = await SendAsync(anonymous, method, url2, new JsonObject()))
                    Assert.True(r.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url2} anonymous: {(int)r.StatusCode}");
                foreach (var (who, client) in new[] { ("association", association), ("ARS Corse", corsica), ("other filière", otherFiliere) })
                {
                    using var r = await SendAsync(client, method, url2, new JsonObject());
                    var expected = pattern.Contains("{id:int}", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
                    Assert.True(r.StatusCode == expected, $"{method} {url2} {who}: {(int)r.StatusCode}");
                }
                await using var sc = app.Services.CreateAsyncScope();
                Assert.False(await sc.ServiceProvider.GetRequiredService<MaillageDbContext>().NotificationReads.AnyAsync(x => x.NotificationId == ministryOnly && x.UserName != "admin", TestContext.Current.CancellationToken),
                    "an out-of-scope caller marked the ministry's notification read");
                continue;
            }
            var request = await RequestForAsync(reader, targets, method, pattern);
            if (request is null) { unknown.Add($"{method} {pattern}"); continue; }
            var (url, body) = request.Value;

            using (var r = await SendAsync(anonymous, method, url, body))
                Assert.True(r.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url} anonymous: {(int)r.StatusCode}");
            // (An association creating a survey or an action for another association is refused too: the bodies name t.Association.)
            using (var r = await SendAsync(association, method, url, body))
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} association: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            using (var r = await SendAsync(corsica, method, url, body))
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} ARS Corse: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            if (!pattern.StartsWith(Routes.Api.Establishments, StringComparison.Ordinal) && !pattern.StartsWith(Routes.Api.Platforms, StringComparison.Ordinal)
                && !pattern.StartsWith(Routes.Api.Associations, StringComparison.Ordinal))
            {
                using var r = await SendAsync(otherFiliere, method, url, body);
                Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} other filière: {(int)r.StatusCode}");
            }
        }
        Assert.True(unknown.Count == 0, "writing endpoints the test does not cover: " + string.Join(", ", unknown));
        Assert.Equal(auditBefore, await AuditCountAsync(app));
        Assert.Equal(activityImportsBefore, await ActivityImportCountAsync(app));
        Assert.Equal(notificationsBefore, await NotificationCountAsync(app)); // a refused mail test enqueues nothing
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<Maillage.Core.Features.Activity.Jobs.ActivityImportJobs>()
                .ListAsync(Maillage.Core.Infrastructure.Security.Caller.Operator, 10, TestContext.Current.CancellationToken));
    }

    private static async Task<int> MinistryNotificationAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Maillage.Core.Features.Procedures.Notification>()
            .Where(n => n.AudienceRole == UserRole.NationalAdmin).OrderBy(n => n.Id).Select(n => n.Id).FirstAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<long> ActivityImportCountAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().ActivityImports.LongCountAsync();
    }

    private static async Task<long> NotificationCountAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().Set<Maillage.Core.Features.Procedures.Notification>().LongCountAsync();
    }

    private static async Task<long> AuditCountAsync(MaillageFactory app)
    {
        await using var s = app.Services.CreateAsyncScope();
        return await s.ServiceProvider.GetRequiredService<MaillageDbContext>().AuditEntries.LongCountAsync();
    }
}
