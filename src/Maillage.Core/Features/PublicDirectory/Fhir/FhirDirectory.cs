using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Maillage.Core.Data;
using Maillage.Domain.Orpha;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.PublicDirectory.Fhir;

/// <summary>Code and identifier systems of the FHIR API (docs/formats/fhir.md).</summary>
public static class FhirSystems
{
    /// <summary>FINESS numbers, as the Annuaire Santé (ANS) and FR Core write them.</summary>
    public const string Finess = "https://finess.esante.gouv.fr";
    /// <summary>Identifiant national de structure (idNatSt): "1" + FINESS for a FINESS-registered structure.</summary>
    public const string IdNatSt = "urn:oid:1.2.250.1.71.4.2.2";
    /// <summary>FR Core identifier types (FINEJ, FINEG, IDNST…).</summary>
    public const string IdentifierType = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";
    /// <summary>FR Core organisation types (LEGAL-ENTITY, GEOGRAPHICAL-ENTITY…).</summary>
    public const string OrganizationType = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-3307";
    public const string Orpha = "http://www.orpha.net";
    /// <summary>Maillage's own stable structure ids (networks, centres, filières): a local namespace.</summary>
    public const string StructureId = "urn:maillage:structure";
    /// <summary>Maillage's kinds of rare-disease structures (fsmr, crmr, reference-site, competence-centre, resource-centre).</summary>
    public const string StructureKind = "urn:maillage:structure-kind";
    /// <summary>Role of a reference site in its network (coordinating, constitutive).</summary>
    public const string SiteRole = "urn:maillage:site-role";
}

/// <summary>A FHIR resource with the values its search parameters match on.</summary>
public sealed record FhirEntry(string Type, string Id, JsonObject Resource, string Name, IReadOnlyList<(string? System, string Value)> Identifiers,
    string? PostalCode, IReadOnlyList<int> OrphaCodes);

/// <summary>
/// The registry as FHIR R4 resources, built with System.Text.Json (no FHIR library): <c>Organization</c> for
/// establishments (FINESS, Annuaire Santé identifiers), filières and CRMR networks; <c>HealthcareService</c> for every
/// centre (reference site, CCMR, CRC) coded with the ORPHAcodes of its perimeter; <c>Location</c> for every
/// establishment site (ET) hosting a centre. Read-only; public registry data only (no person).
/// </summary>
public sealed class FhirDirectory(MaillageDbContext db)
{
    public static readonly string[] ResourceTypes = ["Organization", "HealthcareService", "Location"];

    /// <summary>A FHIR id from a registry key: letters, digits, '-' and '.', accents removed, at most 64 characters.</summary>
    public static string FhirId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sb = new StringBuilder();
        foreach (var c in key.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-');
        }
        return sb.Length > 64 ? sb.ToString(0, 64) : sb.ToString();
    }

    public static string FiliereId(string acronym) => FhirId("fsmr-" + acronym);

    public async Task<List<FhirEntry>> AllAsync(string type, CancellationToken ct) => type switch
    {
        "Organization" => await OrganizationsAsync(ct),
        "HealthcareService" => await ServicesAsync(ct),
        "Location" => await LocationsAsync(ct),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static JsonObject Coding(string system, string code, string? display = null)
    {
        var o = new JsonObject { ["system"] = system, ["code"] = code };
        if (display is not null) o["display"] = display;
        return o;
    }

    private static JsonObject Concept(params JsonObject[] codings) => new() { ["coding"] = new JsonArray(codings) };

    private static JsonObject Reference(string type, string id, string? display = null)
    {
        var o = new JsonObject { ["reference"] = $"{type}/{id}" };
        if (display is not null) o["display"] = display;
        return o;
    }

    private static JsonObject FinessIdentifier(Establishment e) => new()
    {
        ["use"] = "official",
        ["type"] = Concept(e.Level == EstablishmentLevel.LegalEntity
            ? Coding(FhirSystems.IdentifierType, "FINEJ", "FINESS d'entité juridique")
            : Coding(FhirSystems.IdentifierType, "FINEG", "FINESS d'entité géographique")),
        ["system"] = FhirSystems.Finess,
        ["value"] = e.Finess,
    };

    private static JsonObject IdNatStIdentifier(Establishment e) => new()
    {
        ["use"] = "official",
        ["type"] = Concept(Coding(FhirSystems.IdentifierType, "IDNST", "Identification nationale de structure")),
        ["system"] = FhirSystems.IdNatSt,
        ["value"] = "1" + e.Finess,
    };

    private static JsonObject StructureIdentifier(string id) => new() { ["use"] = "official", ["system"] = FhirSystems.StructureId, ["value"] = id };

    private static JsonArray? Address(Establishment e)
    {
        var a = new JsonObject { ["use"] = "work" };
        if (e.Commune is not null) a["city"] = e.Commune;
        a["district"] = e.DepartementCode;
        if (e.PostalCode is not null) a["postalCode"] = e.PostalCode;
        a["country"] = "FR";
        return [a];
    }

    private async Task<List<FhirEntry>> OrganizationsAsync(CancellationToken ct)
    {
        var list = new List<FhirEntry>();
        var establishments = await db.Establishments.AsNoTracking().OrderBy(e => e.Finess).ToListAsync(ct);
        foreach (var e in establishments)
        {
            var id = FhirId(e.Finess);
            var r = new JsonObject
            {
                ["resourceType"] = "Organization",
                ["id"] = id,
                ["identifier"] = new JsonArray(FinessIdentifier(e), IdNatStIdentifier(e)),
                ["active"] = true,
                ["type"] = new JsonArray(Concept(e.Level == EstablishmentLevel.LegalEntity
                    ? Coding(FhirSystems.OrganizationType, "LEGAL-ENTITY", "Entité légale")
                    : Coding(FhirSystems.OrganizationType, "GEOGRAPHICAL-ENTITY", "Entité géographique"))),
                ["name"] = e.Name,
                ["address"] = Address(e),
            };
            if (e.LegalEntityFiness is not null) r["partOf"] = Reference("Organization", FhirId(e.LegalEntityFiness));
            list.Add(new FhirEntry("Organization", id, r, e.Name, [(FhirSystems.Finess, e.Finess), (FhirSystems.IdNatSt, "1" + e.Finess)], e.PostalCode, []));
        }
        foreach (var f in await db.Filieres.AsNoTracking().OrderBy(f => f.Acronym).ToListAsync(ct))
        {
            var id = FiliereId(f.Acronym);
            var r = new JsonObject
            {
                ["resourceType"] = "Organization",
                ["id"] = id,
                ["identifier"] = new JsonArray(StructureIdentifier(f.Acronym)),
                ["active"] = true,
                ["type"] = new JsonArray(Concept(Coding(FhirSystems.StructureKind, "fsmr", "Filière de santé maladies rares"))),
                ["name"] = f.Name,
                ["alias"] = new JsonArray(f.Acronym),
            };
            if (f.Website is not null) r["telecom"] = new JsonArray(new JsonObject { ["system"] = "url", ["value"] = f.Website });
            list.Add(new FhirEntry("Organization", id, r, f.Name + " " + f.Acronym, [(FhirSystems.StructureId, f.Acronym)], null, []));
        }
        foreach (var n in await db.Networks.AsNoTracking().Include(n => n.Perimeter).OrderBy(n => n.Id).ToListAsync(ct))
        {
            var id = FhirId(n.Id);
            var r = new JsonObject
            {
                ["resourceType"] = "Organization",
                ["id"] = id,
                ["identifier"] = new JsonArray(StructureIdentifier(n.Id)),
                ["active"] = true,
                ["type"] = new JsonArray(Concept(Coding(FhirSystems.StructureKind, "crmr", "Centre de référence maladies rares (réseau multisite)"))),
                ["name"] = n.Name,
                ["partOf"] = Reference("Organization", FiliereId(n.FiliereAcronym)),
            };
            if (n.Acronym is not null) r["alias"] = new JsonArray(n.Acronym);
            list.Add(new FhirEntry("Organization", id, r, n.Name + " " + n.Acronym, [(FhirSystems.StructureId, n.Id)], null, []));
        }
        return list;
    }

    private async Task<List<FhirEntry>> ServicesAsync(CancellationToken ct)
    {
        var centres = await db.Centres.AsNoTracking().Include(c => c.Attachments).Include(c => c.Network).Include(c => c.Establishment)
            .OrderBy(c => c.Id).ToListAsync(ct);
        var perimeters = (await db.NetworkDiseases.AsNoTracking().ToListAsync(ct))
            .GroupBy(d => d.NetworkId).ToDictionary(g => g.Key, g => g.Select(d => d.OrphaCode).ToList(), StringComparer.Ordinal);
        var allCodes = perimeters.Values.SelectMany(x => x).Distinct().ToList();
        var names = await db.OrphaDiseases.AsNoTracking().Where(o => allCodes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.NameFr ?? o.NameEn, ct);
        var list = new List<FhirEntry>(centres.Count);
        foreach (var c in centres)
        {
            var networks = c.Kind == CentreKind.ReferenceSite ? (c.NetworkId is null ? [] : [c.NetworkId]) : c.Attachments.Select(a => a.NetworkId).ToList();
            var codes = networks.SelectMany(n => perimeters.GetValueOrDefault(n) ?? []).Distinct().Order().ToList();
            var id = FhirId(c.Id);
            var (kindCode, kindDisplay) = c.Kind switch
            {
                CentreKind.ReferenceSite => ("reference-site", "Site de centre de référence maladies rares (CRMR)"),
                CentreKind.CompetenceCentre => ("competence-centre", "Centre de compétence maladies rares (CCMR)"),
                CentreKind.ResourceCentre => ("resource-centre", "Centre de ressources et de compétences (CRC)"),
            };
            var r = new JsonObject
            {
                ["resourceType"] = "HealthcareService",
                ["id"] = id,
                ["identifier"] = new JsonArray(StructureIdentifier(c.Id)),
                ["active"] = c.ClosedOn is null,
                ["providedBy"] = Reference("Organization", FhirId(c.EstablishmentFiness), c.Establishment?.Name),
                ["category"] = new JsonArray(Concept(Coding(FhirSystems.StructureKind, kindCode, kindDisplay))),
            };
            if (codes.Count > 0)
                r["type"] = new JsonArray(codes.Select(code => (JsonNode)Concept(Coding(FhirSystems.Orpha, code.ToString(CultureInfo.InvariantCulture), names.GetValueOrDefault(code)))).ToArray());
            if (c.Role is { } role)
                r["characteristic"] = new JsonArray(Concept(role == SiteRole.Coordinating
                    ? Coding(FhirSystems.SiteRole, "coordinating", "Site coordonnateur")
                    : Coding(FhirSystems.SiteRole, "constitutive", "Site constitutif")));
            r["location"] = new JsonArray(Reference("Location", FhirId(c.EstablishmentFiness)));
            r["name"] = c.Name;
            if (c.Network is not null) r["comment"] = "Réseau : " + c.Network.Name;
            var telecom = new JsonArray();
            if (c.Phone is not null) telecom.Add(new JsonObject { ["system"] = "phone", ["value"] = c.Phone, ["use"] = "work" });
            if (c.Email is not null) telecom.Add(new JsonObject { ["system"] = "email", ["value"] = c.Email, ["use"] = "work" });
            if (c.Website is not null) telecom.Add(new JsonObject { ["system"] = "url", ["value"] = c.Website });
            if (telecom.Count > 0) r["telecom"] = telecom;
            list.Add(new FhirEntry("HealthcareService", id, r, c.Name, [(FhirSystems.StructureId, c.Id)], c.Establishment?.PostalCode, codes));
        }
        return list;
    }

    private async Task<List<FhirEntry>> LocationsAsync(CancellationToken ct)
    {
        var hosting = await db.Centres.AsNoTracking().Select(c => c.EstablishmentFiness).Distinct().ToListAsync(ct);
        var establishments = await db.Establishments.AsNoTracking().Where(e => hosting.Contains(e.Finess)).OrderBy(e => e.Finess).ToListAsync(ct);
        var list = new List<FhirEntry>(establishments.Count);
        foreach (var e in establishments)
        {
            var id = FhirId(e.Finess);
            var r = new JsonObject
            {
                ["resourceType"] = "Location",
                ["id"] = id,
                ["identifier"] = new JsonArray(FinessIdentifier(e)),
                ["status"] = "active",
                ["name"] = e.Name,
                ["mode"] = "instance",
                ["address"] = Address(e)![0]!.DeepClone(),
            };
            if (e.Latitude is { } lat && e.Longitude is { } lon)
                r["position"] = new JsonObject { ["longitude"] = lon, ["latitude"] = lat };
            r["managingOrganization"] = Reference("Organization", id, e.Name);
            list.Add(new FhirEntry("Location", id, r, e.Name, [(FhirSystems.Finess, e.Finess)], e.PostalCode, []));
        }
        return list;
    }
}
