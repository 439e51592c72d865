using System.Globalization;
using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>
/// The registry exchange format (docs/formats/registry.md): one sheet per entity, fixed column order. The same
/// column definitions write (exporter) and read (reader), so the two cannot drift apart.
/// </summary>
public static class RegistryFormat
{
    public const char ListSeparator = '|';
    public const string DateFormat = "yyyy-MM-dd";
    public const string ReadmeFile = "README.txt";
    public const string ReadmeSheet = "LISEZMOI";
    public const string DemoNotice = "Données fictives de démonstration — ne décrivent pas le réseau réel";

    public static readonly RegistrySheet<Region> Regions = new("regions", () => new Region { Code = "", Name = "" }, 1,
    [
        Col.Text<Region>("code", true, r => r.Code, (r, v) => r.Code = v!),
        Col.Text<Region>("name", true, r => r.Name, (r, v) => r.Name = v!),
        Col.Text<Region>("ars_name", false, r => r.ArsName, (r, v) => r.ArsName = v),
        Col.Long<Region>("population", r => r.Population, (r, v) => r.Population = v),
        Col.Bool<Region>("overseas", false, r => r.Overseas, (r, v) => r.Overseas = v),
    ], ["region"]);

    public static readonly RegistrySheet<Departement> Departements = new("departements", () => new Departement { Code = "", Name = "", RegionCode = "" }, 1,
    [
        Col.Text<Departement>("code", true, d => d.Code, (d, v) => d.Code = v!.ToUpperInvariant()),
        Col.Text<Departement>("name", true, d => d.Name, (d, v) => d.Name = v!),
        Col.Text<Departement>("region_code", true, d => d.RegionCode, (d, v) => d.RegionCode = v!),
        Col.Long<Departement>("population", d => d.Population, (d, v) => d.Population = v),
    ], ["departement"]);

    public static readonly RegistrySheet<Establishment> Establishments = new("establishments", () => new Establishment { Finess = "", Name = "", DepartementCode = "" }, 1,
    [
        Col.Text<Establishment>("finess", true, e => e.Finess, (e, v) => e.Finess = v!.ToUpperInvariant()),
        Col.Enum<Establishment, EstablishmentLevel>("level", e => e.Level, (e, v) => e.Level = v),
        Col.Text<Establishment>("legal_entity_finess", false, e => e.LegalEntityFiness, (e, v) => e.LegalEntityFiness = v?.ToUpperInvariant()),
        Col.Text<Establishment>("name", true, e => e.Name, (e, v) => e.Name = v!),
        Col.Enum<Establishment, EstablishmentCategory>("category", e => e.Category, (e, v) => e.Category = v),
        Col.Text<Establishment>("group_name", false, e => e.GroupName, (e, v) => e.GroupName = v),
        Col.Text<Establishment>("commune", false, e => e.Commune, (e, v) => e.Commune = v),
        Col.Text<Establishment>("postal_code", false, e => e.PostalCode, (e, v) => e.PostalCode = v),
        Col.Text<Establishment>("departement_code", true, e => e.DepartementCode, (e, v) => e.DepartementCode = v!.ToUpperInvariant()),
        Col.Double<Establishment>("latitude", e => e.Latitude, (e, v) => e.Latitude = v),
        Col.Double<Establishment>("longitude", e => e.Longitude, (e, v) => e.Longitude = v),
    ], ["establishment"], new() { ["departement"] = "departement_code" });

    public static readonly RegistrySheet<Ern> Erns = new("erns", () => new Ern { Acronym = "", Name = "" }, 1,
    [
        Col.Text<Ern>("acronym", true, e => e.Acronym, (e, v) => e.Acronym = v!),
        Col.Text<Ern>("name", true, e => e.Name, (e, v) => e.Name = v!),
    ], ["ern"]);

    public static readonly RegistrySheet<Filiere> Filieres = new("filieres", () => new Filiere { Acronym = "", Name = "" }, 1,
    [
        Col.Text<Filiere>("acronym", true, f => f.Acronym, (f, v) => { f.Acronym = v!; foreach (var l in f.Erns) l.FiliereAcronym = v!; }),
        Col.Text<Filiere>("name", true, f => f.Name, (f, v) => f.Name = v!),
        Col.Text<Filiere>("host_finess", false, f => f.HostFiness, (f, v) => f.HostFiness = v?.ToUpperInvariant()),
        Col.Bool<Filiere>("host_unverified", false, f => f.HostUnverified, (f, v) => f.HostUnverified = v),
        Col.Text<Filiere>("website", false, f => f.Website, (f, v) => f.Website = v),
        Col.List<Filiere>("erns", f => f.Erns.Select(e => e.ErnAcronym).Order(StringComparer.Ordinal),
            (f, items) => { f.Erns = items.Select(a => new FiliereErn { FiliereAcronym = f.Acronym, ErnAcronym = a }).ToList(); return null; }),
        Col.Text<Filiere>("main_ern", false,
            f => f.Erns.Where(e => e.IsMain).Select(e => e.ErnAcronym).Order(StringComparer.Ordinal).FirstOrDefault(),
            (f, v) =>
            {
                foreach (var l in f.Erns) l.IsMain = false;
                if (v is null) return;
                var link = f.Erns.FirstOrDefault(l => l.ErnAcronym == v);
                if (link is null) f.Erns.Add(link = new FiliereErn { FiliereAcronym = f.Acronym, ErnAcronym = v });
                link.IsMain = true;
            }),
    ], ["filiere"]);

    public static readonly RegistrySheet<Network> Networks = new("networks", () => new Network { Id = "", Name = "", FiliereAcronym = "" }, 1,
    [
        Col.Text<Network>("id", true, n => n.Id, (n, v) =>
        {
            n.Id = v!;
            foreach (var p in n.Perimeter) p.NetworkId = v!;
            foreach (var e in n.Erns) e.NetworkId = v!;
        }),
        Col.Text<Network>("name", true, n => n.Name, (n, v) => n.Name = v!),
        Col.Text<Network>("acronym", false, n => n.Acronym, (n, v) => n.Acronym = v),
        Col.Text<Network>("filiere", true, n => n.FiliereAcronym, (n, v) => n.FiliereAcronym = v!),
        Col.Enum<Network, ThresholdField>("field", n => n.Field, (n, v) => n.Field = v),
        Col.Enum<Network, AgeValence>("age_valence", n => n.AgeValence, (n, v) => n.AgeValence = v),
        Col.List<Network>("orpha_codes", n => n.Perimeter.Select(p => p.OrphaCode).Order().Select(c => c.ToString(CultureInfo.InvariantCulture)),
            (n, items) =>
            {
                var codes = new List<int>();
                foreach (var item in items)
                {
                    var t = item.StartsWith("ORPHA:", StringComparison.OrdinalIgnoreCase) ? item[6..] : item;
                    if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code <= 0)
                        return $"ORPHAcode « {item} » invalide : nombre entier attendu (ex. 558).";
                    if (!codes.Contains(code)) codes.Add(code);
                }
                n.Perimeter = codes.Select(c => new NetworkDisease { NetworkId = n.Id, OrphaCode = c }).ToList();
                return null;
            }),
        Col.List<Network>("erns", n => n.Erns.Select(e => e.ErnAcronym).Order(StringComparer.Ordinal),
            (n, items) => { n.Erns = items.Select(a => new NetworkErn { NetworkId = n.Id, ErnAcronym = a }).ToList(); return null; }),
    ], ["network"], new() { ["sites"] = "id" });

    public static readonly RegistrySheet<Centre> Centres = new("centres", () => new Centre { Id = "", Name = "", EstablishmentFiness = "" }, 1,
    [
        Col.Text<Centre>("id", true, c => c.Id, (c, v) => { c.Id = v!; foreach (var a in c.Attachments) a.CentreId = v!; }),
        Col.Enum<Centre, CentreKind>("kind", c => c.Kind, (c, v) => c.Kind = v),
        Col.OptionalEnum<Centre, SiteRole>("role", c => c.Role, (c, v) => c.Role = v),
        Col.Text<Centre>("network_id", false, c => c.NetworkId, (c, v) => c.NetworkId = v),
        Col.OptionalEnum<Centre, ResourceCentreKind>("resource_kind", c => c.ResourceKind, (c, v) => c.ResourceKind = v),
        Col.Text<Centre>("name", true, c => c.Name, (c, v) => c.Name = v!),
        Col.Text<Centre>("establishment_finess", true, c => c.EstablishmentFiness, (c, v) => c.EstablishmentFiness = v!.ToUpperInvariant()),
        Col.Text<Centre>("predecessor_id", false, c => c.PredecessorId, (c, v) => c.PredecessorId = v),
        Col.Date<Centre>("closed_on", false, c => c.ClosedOn, (c, v) => c.ClosedOn = v),
        Col.Text<Centre>("phone", false, c => c.Phone, (c, v) => c.Phone = v),
        Col.Text<Centre>("email", false, c => c.Email, (c, v) => c.Email = v),
        Col.Text<Centre>("website", false, c => c.Website, (c, v) => c.Website = v),
        Col.List<Centre>("attachments", c => c.Attachments.Select(a => a.NetworkId).Order(StringComparer.Ordinal),
            (c, items) => { c.Attachments = items.Select(n => new CentreAttachment { CentreId = c.Id, NetworkId = n }).ToList(); return null; }),
    ], ["site", "competence_centre", "resource_centre", "centre"]);

    public static readonly RegistrySheet<Platform> Platforms = new("platforms", () => new Platform { Id = "", Name = "", HostFiness = "" }, 1,
    [
        Col.Text<Platform>("id", true, p => p.Id, (p, v) =>
        {
            p.Id = v!;
            foreach (var e in p.Establishments) e.PlatformId = v!;
            foreach (var c in p.Centres) c.PlatformId = v!;
        }),
        Col.Enum<Platform, PlatformKind>("kind", p => p.Kind, (p, v) => p.Kind = v),
        Col.Text<Platform>("name", true, p => p.Name, (p, v) => p.Name = v!),
        Col.Text<Platform>("host_finess", true, p => p.HostFiness, (p, v) => p.HostFiness = v!.ToUpperInvariant()),
        Col.Text<Platform>("region_code", false, p => p.RegionCode, (p, v) => p.RegionCode = v),
        Col.List<Platform>("establishments", p => p.Establishments.Select(e => e.Finess).Order(StringComparer.Ordinal),
            (p, items) => { p.Establishments = items.Select(f => new PlatformEstablishment { PlatformId = p.Id, Finess = f.ToUpperInvariant() }).ToList(); return null; }),
        Col.List<Platform>("centres", p => p.Centres.Select(c => c.CentreId).Order(StringComparer.Ordinal),
            (p, items) => { p.Centres = items.Select(c => new PlatformCentre { PlatformId = p.Id, CentreId = c }).ToList(); return null; }),
    ], ["platform"], new() { ["region"] = "region_code" });

    public static readonly RegistrySheet<Person> People = new("people", () => new Person { Id = "", FirstName = "", LastName = "" }, 1,
    [
        Col.Text<Person>("id", true, p => p.Id, (p, v) => p.Id = v!),
        Col.Text<Person>("title", false, p => p.Title, (p, v) => p.Title = v),
        Col.Text<Person>("first_name", false, p => p.FirstName, (p, v) => p.FirstName = v ?? ""),
        Col.Text<Person>("last_name", true, p => p.LastName, (p, v) => p.LastName = v!),
        Col.Text<Person>("rpps", false, p => p.Rpps, (p, v) => p.Rpps = v),
        Col.Enum<Person, HeadStatus>("status", p => p.Status, (p, v) => p.Status = v),
        Col.Date<Person>("birth_date", false, p => p.BirthDate, (p, v) => p.BirthDate = v),
        Col.Bool<Person>("clinical_activity", true, p => p.ClinicalActivity, (p, v) => p.ClinicalActivity = v),
        Col.Text<Person>("email", false, p => p.Email, (p, v) => p.Email = v),
    ], ["person"]);

    public static readonly RegistrySheet<Mandate> Mandates = new("mandates", () => new Mandate { PersonId = "" }, 4,
    [
        Col.Text<Mandate>("person_id", true, m => m.PersonId, (m, v) => m.PersonId = v!),
        Col.Enum<Mandate, MandateRole>("role", m => m.Role, (m, v) => m.Role = v),
        Col.Text<Mandate>("target", true, MandateTarget, (m, v) =>
        {
            m.CentreId = m.Role == MandateRole.CentreHead ? v : null;
            m.FiliereAcronym = m.Role == MandateRole.FiliereCoordinator ? v : null;
            m.PlatformId = m.Role == MandateRole.PlatformHead ? v : null;
        }),
        Col.Date<Mandate>("from", true, m => m.From, (m, v) => m.From = v!.Value),
        Col.Date<Mandate>("to", false, m => m.To, (m, v) => m.To = v),
    ], ["mandate"], ruleId: RegistryRules.MandateKey);

    public static readonly RegistrySheet<Association> Associations = new("associations", () => new Association { Id = "", Name = "" }, 1,
    [
        Col.Text<Association>("id", true, a => a.Id, (a, v) => a.Id = v!),
        Col.Text<Association>("name", true, a => a.Name, (a, v) => a.Name = v!),
        Col.Text<Association>("acronym", false, a => a.Acronym, (a, v) => a.Acronym = v),
        Col.Text<Association>("website", false, a => a.Website, (a, v) => a.Website = v),
        Col.Text<Association>("departement_code", false, a => a.DepartementCode, (a, v) => a.DepartementCode = v?.ToUpperInvariant()),
    ], ["association"]);

    public static readonly RegistrySheet<AssociationConvention> Conventions = new("conventions", () => new AssociationConvention { AssociationId = "", TargetId = "" }, 4,
    [
        Col.Text<AssociationConvention>("association_id", true, c => c.AssociationId, (c, v) => c.AssociationId = v!),
        Col.Enum<AssociationConvention, ConventionTarget>("target_kind", c => c.TargetKind, (c, v) => c.TargetKind = v),
        Col.Text<AssociationConvention>("target_id", true, c => c.TargetId, (c, v) => c.TargetId = v!),
        Col.Date<AssociationConvention>("signed_on", true, c => c.SignedOn, (c, v) => c.SignedOn = v!.Value),
        Col.Date<AssociationConvention>("ends_on", false, c => c.EndsOn, (c, v) => c.EndsOn = v),
    ], ["convention"]);

    public static readonly RegistrySheet<LabellingPeriod> Periods = new("labelling_periods", () => new LabellingPeriod { Id = "" }, 1,
    [
        Col.Text<LabellingPeriod>("id", true, p => p.Id, (p, v) => p.Id = v!),
        Col.Enum<LabellingPeriod, PeriodScope>("scope", p => p.Scope, (p, v) => p.Scope = v),
        Col.Date<LabellingPeriod>("start", true, p => p.Start, (p, v) => p.Start = v!.Value),
        Col.Date<LabellingPeriod>("end", true, p => p.End, (p, v) => p.End = v!.Value),
        Col.Text<LabellingPeriod>("reference", false, p => p.Reference, (p, v) => p.Reference = v),
    ], ["period", "labelling_period"]);

    public static readonly RegistrySheet<Label> Labels = new("labels", () => new Label { PeriodId = "" }, 3,
    [
        Col.Custom<Label>("subject_kind", true, LabelSubjectKind, (l, v) =>
        {
            l.NetworkId = l.CentreId = l.PlatformId = l.FiliereAcronym = null;
            switch (v)
            {
                case "network": l.NetworkId = ""; return null;
                case "centre": l.CentreId = ""; return null;
                case "platform": l.PlatformId = ""; return null;
                case "filiere": l.FiliereAcronym = ""; return null;
                default: return $"Valeur « {v} » inconnue : valeurs possibles network, centre, platform, filiere.";
            }
        }),
        Col.Text<Label>("subject_id", true, l => l.SubjectId, (l, v) =>
        {
            if (l.NetworkId is not null) l.NetworkId = v;
            else if (l.CentreId is not null) l.CentreId = v;
            else if (l.PlatformId is not null) l.PlatformId = v;
            else if (l.FiliereAcronym is not null) l.FiliereAcronym = v;
        }),
        Col.Text<Label>("period_id", true, l => l.PeriodId, (l, v) => l.PeriodId = v!),
        Col.Enum<Label, LabelDecision>("decision", l => l.Decision, (l, v) => l.Decision = v),
        Col.Date<Label>("valid_from", true, l => l.ValidFrom, (l, v) => l.ValidFrom = v!.Value),
        Col.Date<Label>("valid_to", false, l => l.ValidTo, (l, v) => l.ValidTo = v),
        Col.Text<Label>("note", false, l => l.Note, (l, v) => l.Note = v),
    ], ["label"], new() { ["period"] = "period_id", ["subject"] = "subject_id" }, ruleId: l => $"{l.SubjectId}@{l.PeriodId}");

    /// <summary>Every sheet, in file order (references point backwards as far as possible).</summary>
    public static readonly IReadOnlyList<RegistrySheet> All =
        [Regions, Departements, Establishments, Erns, Filieres, Networks, Centres, Platforms, People, Mandates, Associations, Conventions, Periods, Labels];

    public static RegistrySheet? ByName(string name) => All.FirstOrDefault(s => s.Name == name);

    public static string? MandateTarget(Mandate m) => m.Role switch
    {
        MandateRole.CentreHead => m.CentreId,
        MandateRole.FiliereCoordinator => m.FiliereAcronym,
        MandateRole.PlatformHead => m.PlatformId,
        _ => null,
    } ?? m.CentreId ?? m.FiliereAcronym ?? m.PlatformId;

    public static string LabelSubjectKind(Label l) =>
        l.NetworkId is not null ? "network" : l.CentreId is not null ? "centre" : l.PlatformId is not null ? "platform" : l.FiliereAcronym is not null ? "filiere" : "";
}
