namespace Maillage.Domain.Registry;

/// <summary>A broken structural rule, located on one entity and one field.</summary>
public sealed record RuleViolation(string Rule, string Entity, string EntityId, string Field, string Message);

/// <summary>What the rules need to know of the ORPHA nomenclature.</summary>
public interface IOrphaLookup
{
    /// <summary>Null when the code is unknown; otherwise whether it is active.</summary>
    bool? IsActive(int code);
}

/// <summary>The registry's content, or the slice of it that a write touches.</summary>
public sealed class RegistryData
{
    public IReadOnlyCollection<Region> Regions { get; init; } = [];
    public IReadOnlyCollection<Departement> Departements { get; init; } = [];
    public IReadOnlyCollection<Establishment> Establishments { get; init; } = [];
    public IReadOnlyCollection<Filiere> Filieres { get; init; } = [];
    public IReadOnlyCollection<Ern> Erns { get; init; } = [];
    public IReadOnlyCollection<Network> Networks { get; init; } = [];
    public IReadOnlyCollection<Centre> Centres { get; init; } = [];
    public IReadOnlyCollection<Platform> Platforms { get; init; } = [];
    public IReadOnlyCollection<Person> People { get; init; } = [];
    public IReadOnlyCollection<Mandate> Mandates { get; init; } = [];
    public IReadOnlyCollection<Association> Associations { get; init; } = [];
    public IReadOnlyCollection<LabellingPeriod> Periods { get; init; } = [];
    public IReadOnlyCollection<Label> Labels { get; init; } = [];
}

/// <summary>
/// The registry's structural rules (note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §1 to §4; issue "Foundation"). Each rule has a stable id used in messages,
/// tests and documentation (docs/registry-rules.md).
/// </summary>
public static class RegistryRules
{
    public const string FinessInvalid = "R-FINESS";
    public const string FinessDepartement = "R-FINESS-DEP";
    public const string RppsInvalid = "R-RPPS";
    public const string OrphaUnknown = "R-ORPHA-UNKNOWN";
    public const string OrphaInactive = "R-ORPHA-INACTIVE";
    public const string OneCoordinatingSite = "R-NETWORK-ONE-COORDINATING";
    public const string OneFiliere = "R-NETWORK-ONE-FILIERE";
    public const string OneSitePerEstablishment = "R-NETWORK-ONE-SITE-PER-ESTABLISHMENT";
    public const string CompetenceAttached = "R-CCMR-ATTACHED";
    public const string CentreShape = "R-CENTRE-SHAPE";
    public const string Reference = "R-REFERENCE";
    public const string MandateOverlap = "R-MANDATE-OVERLAP";
    public const string Dates = "R-DATES";
    public const string Required = "R-REQUIRED";
    public const string DepartementCodeRule = "R-DEPARTEMENT";
    public const string PostalCode = "R-POSTAL-CODE";
    public const string Coordinates = "R-COORDINATES";

    public static IReadOnlyList<RuleViolation> Validate(RegistryData d, IOrphaLookup orpha)
    {
        var v = new List<RuleViolation>();
        var regions = d.Regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var deps = d.Departements.ToDictionary(x => x.Code, StringComparer.Ordinal);
        var establishments = d.Establishments.ToDictionary(x => x.Finess, StringComparer.Ordinal);
        var filieres = d.Filieres.Select(f => f.Acronym).ToHashSet(StringComparer.Ordinal);
        var erns = d.Erns.Select(e => e.Acronym).ToHashSet(StringComparer.Ordinal);
        var networks = d.Networks.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var centres = d.Centres.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var platforms = d.Platforms.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var people = d.People.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var periods = d.Periods.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

        foreach (var dep in d.Departements)
        {
            if (!DepartementCode.IsValid(dep.Code))
                v.Add(new(DepartementCodeRule, "departement", dep.Code, "code", $"Code département INSEE « {dep.Code} » invalide."));
            if (!regions.Contains(dep.RegionCode))
                v.Add(new(Reference, "departement", dep.Code, "region_code", $"Région « {dep.RegionCode} » inconnue."));
        }

        foreach (var e in d.Establishments)
        {
            var err = Finess.Validate(e.Finess);
            if (err is not null) { v.Add(new(FinessInvalid, "establishment", e.Finess, "finess", err)); continue; }
            if (!deps.ContainsKey(e.DepartementCode))
                v.Add(new(Reference, "establishment", e.Finess, "departement", $"Département « {e.DepartementCode} » inconnu."));
            else if (!FinessMatchesDepartement(e.Finess, e.DepartementCode))
                v.Add(new(FinessDepartement, "establishment", e.Finess, "finess",
                    $"Le numéro FINESS « {e.Finess} » ne commence pas par le code du département « {e.DepartementCode} »."));
            if (string.IsNullOrWhiteSpace(e.Name))
                v.Add(new(Required, "establishment", e.Finess, "name", "Le nom de l'établissement est obligatoire."));
            if (e.Level == EstablishmentLevel.Site && e.LegalEntityFiness is not null)
            {
                if (!establishments.TryGetValue(e.LegalEntityFiness, out var ej))
                    v.Add(new(Reference, "establishment", e.Finess, "legal_entity_finess", $"Entité juridique « {e.LegalEntityFiness} » inconnue."));
                else if (ej.Level != EstablishmentLevel.LegalEntity)
                    v.Add(new(Reference, "establishment", e.Finess, "legal_entity_finess", $"« {e.LegalEntityFiness} » n'est pas une entité juridique (EJ)."));
            }
            if (e.Level == EstablishmentLevel.LegalEntity && e.LegalEntityFiness is not null)
                v.Add(new(Reference, "establishment", e.Finess, "legal_entity_finess", "Une entité juridique (EJ) n'a pas d'entité juridique de rattachement."));
            ValidateAddress(e, v);
        }

        foreach (var f in d.Filieres)
        {
            if (f.HostFiness is not null && !establishments.ContainsKey(f.HostFiness))
                v.Add(new(Reference, "filiere", f.Acronym, "host_finess", $"Établissement « {f.HostFiness} » inconnu."));
            foreach (var link in f.Erns.Where(l => !erns.Contains(l.ErnAcronym)))
                v.Add(new(Reference, "filiere", f.Acronym, "erns", $"ERN « {link.ErnAcronym} » inconnu."));
        }

        foreach (var n in d.Networks)
        {
            if (string.IsNullOrWhiteSpace(n.FiliereAcronym))
                v.Add(new(OneFiliere, "network", n.Id, "filiere", "Un réseau CRMR est rattaché à exactement une filière."));
            else if (!filieres.Contains(n.FiliereAcronym))
                v.Add(new(OneFiliere, "network", n.Id, "filiere", $"Filière « {n.FiliereAcronym} » inconnue."));
            if (string.IsNullOrWhiteSpace(n.Name))
                v.Add(new(Required, "network", n.Id, "name", "Le nom du réseau est obligatoire."));
            foreach (var code in n.Perimeter.Select(p => p.OrphaCode))
            {
                var active = orpha.IsActive(code);
                if (active is null)
                    v.Add(new(OrphaUnknown, "network", n.Id, "orpha_codes", $"ORPHAcode {code} inconnu de la nomenclature chargée."));
                else if (active == false)
                    v.Add(new(OrphaInactive, "network", n.Id, "orpha_codes", $"ORPHAcode {code} inactif dans la nomenclature chargée."));
            }
            foreach (var link in n.Erns.Where(l => !erns.Contains(l.ErnAcronym)))
                v.Add(new(Reference, "network", n.Id, "erns", $"ERN « {link.ErnAcronym} » inconnu."));
        }

        var openCentres = d.Centres.Where(c => c.ClosedOn is null).ToList();
        foreach (var c in d.Centres)
            ValidateCentreShape(c, networks, establishments, centres, v);

        foreach (var group in openCentres.Where(c => c.Kind == CentreKind.ReferenceSite && c.NetworkId is not null).GroupBy(c => c.NetworkId!))
        {
            var coordinating = group.Count(c => c.Role == SiteRole.Coordinating);
            if (coordinating > 1)
                foreach (var c in group.Where(c => c.Role == SiteRole.Coordinating).Skip(1))
                    v.Add(new(OneCoordinatingSite, "site", c.Id, "role",
                        $"Le réseau « {group.Key} » a déjà un site coordonnateur : un réseau a exactement un site coordonnateur."));
            foreach (var dup in group.GroupBy(c => c.EstablishmentFiness).Where(g => g.Count() > 1))
                foreach (var c in dup.Skip(1))
                    v.Add(new(OneSitePerEstablishment, "site", c.Id, "establishment_finess",
                        $"Le réseau « {group.Key} » a déjà un site dans l'établissement « {dup.Key} » : pas deux sites d'un même réseau dans un établissement."));
        }
        var networksWithOpenSites = openCentres.Where(c => c.Kind == CentreKind.ReferenceSite && c.NetworkId is not null)
            .GroupBy(c => c.NetworkId!).ToDictionary(g => g.Key, g => g.Count(c => c.Role == SiteRole.Coordinating), StringComparer.Ordinal);
        foreach (var n in d.Networks)
            if (networksWithOpenSites.TryGetValue(n.Id, out var count) && count == 0)
                v.Add(new(OneCoordinatingSite, "network", n.Id, "sites", $"Le réseau « {n.Id} » n'a pas de site coordonnateur : un réseau a exactement un site coordonnateur."));

        foreach (var p in d.Platforms)
        {
            if (!establishments.ContainsKey(p.HostFiness))
                v.Add(new(Reference, "platform", p.Id, "host_finess", $"Établissement « {p.HostFiness} » inconnu."));
            if (p.RegionCode is not null && !regions.Contains(p.RegionCode))
                v.Add(new(Reference, "platform", p.Id, "region", $"Région « {p.RegionCode} » inconnue."));
            foreach (var pe in p.Establishments.Where(x => !establishments.ContainsKey(x.Finess)))
                v.Add(new(Reference, "platform", p.Id, "establishments", $"Établissement « {pe.Finess} » inconnu."));
            foreach (var pc in p.Centres.Where(x => !centres.ContainsKey(x.CentreId)))
                v.Add(new(Reference, "platform", p.Id, "centres", $"Centre « {pc.CentreId} » inconnu."));
        }

        foreach (var p in d.People)
        {
            if (p.Rpps is not null)
            {
                var err = Rpps.Validate(p.Rpps);
                if (err is not null) v.Add(new(RppsInvalid, "person", p.Id, "rpps", err));
            }
            if (string.IsNullOrWhiteSpace(p.LastName))
                v.Add(new(Required, "person", p.Id, "last_name", "Le nom est obligatoire."));
        }
        foreach (var dup in d.People.Where(p => p.Rpps is not null).GroupBy(p => p.Rpps!).Where(g => g.Count() > 1))
            foreach (var p in dup.Skip(1))
                v.Add(new(RppsInvalid, "person", p.Id, "rpps", $"Le numéro RPPS « {dup.Key} » est déjà celui de « {dup.First().Id} »."));

        foreach (var m in d.Mandates)
        {
            var id = MandateKey(m);
            if (!people.Contains(m.PersonId))
                v.Add(new(Reference, "mandate", id, "person_id", $"Personne « {m.PersonId} » inconnue."));
            var targetOk = m.Role switch
            {
                MandateRole.CentreHead => m.CentreId is not null && centres.ContainsKey(m.CentreId),
                MandateRole.FiliereCoordinator => m.FiliereAcronym is not null && filieres.Contains(m.FiliereAcronym),
                MandateRole.PlatformHead => m.PlatformId is not null && platforms.Contains(m.PlatformId),
                _ => false,
            };
            if (!targetOk)
                v.Add(new(Reference, "mandate", id, "target", $"La structure du mandat « {id} » est inconnue."));
            if (m.To is not null && m.To < m.From)
                v.Add(new(Dates, "mandate", id, "to", "La date de fin précède la date de début."));
        }
        foreach (var group in d.Mandates.GroupBy(m => (m.Role, Target: m.CentreId ?? m.FiliereAcronym ?? m.PlatformId)))
        {
            var ordered = group.OrderBy(m => m.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var prev = ordered[i - 1];
                if (prev.To is null || prev.To >= ordered[i].From)
                    v.Add(new(MandateOverlap, "mandate", MandateKey(ordered[i]), "from",
                        $"Deux mandats se chevauchent sur « {group.Key.Target} » : un seul responsable à la fois."));
            }
        }

        foreach (var a in d.Associations)
        {
            if (string.IsNullOrWhiteSpace(a.Name))
                v.Add(new(Required, "association", a.Id, "name", "Le nom de l'association est obligatoire."));
            foreach (var conv in a.Conventions)
            {
                var ok = conv.TargetKind switch
                {
                    ConventionTarget.Network => networks.ContainsKey(conv.TargetId),
                    ConventionTarget.Centre => centres.ContainsKey(conv.TargetId),
                    ConventionTarget.Filiere => filieres.Contains(conv.TargetId),
                    _ => false,
                };
                if (!ok) v.Add(new(Reference, "association", a.Id, "conventions", $"Structure « {conv.TargetId} » de la convention inconnue."));
            }
        }

        foreach (var l in d.Labels)
        {
            var id = $"{l.SubjectId}@{l.PeriodId}";
            if (!periods.Contains(l.PeriodId))
                v.Add(new(Reference, "label", id, "period", $"Période de labellisation « {l.PeriodId} » inconnue."));
            var subjects = new[] { l.NetworkId, l.CentreId, l.PlatformId, l.FiliereAcronym }.Count(x => x is not null);
            var exists = (l.NetworkId is not null && networks.ContainsKey(l.NetworkId))
                || (l.CentreId is not null && centres.ContainsKey(l.CentreId))
                || (l.PlatformId is not null && platforms.Contains(l.PlatformId))
                || (l.FiliereAcronym is not null && filieres.Contains(l.FiliereAcronym));
            if (subjects != 1 || !exists)
                v.Add(new(Reference, "label", id, "subject", $"La structure labellisée « {l.SubjectId} » est inconnue."));
            if (l.ValidTo is not null && l.ValidTo < l.ValidFrom)
                v.Add(new(Dates, "label", id, "valid_to", "La date de fin précède la date de début."));
        }
        return v;
    }

    /// <summary>
    /// An establishment's postal code is five digits (French postal codes, overseas included: 971xx–976xx, 98xxx), and its
    /// coordinates are WGS 84 degrees, given together or not at all. Held here so the pages, the API and the import agree.
    /// </summary>
    private static void ValidateAddress(Establishment e, List<RuleViolation> v)
    {
        if (e.PostalCode is { } postal && (postal.Length != 5 || !postal.All(char.IsAsciiDigit)))
            v.Add(new(PostalCode, "establishment", e.Finess, "postal_code", $"Le code postal « {Shorten(postal)} » doit comporter 5 chiffres."));
        if (e.Latitude is { } lat && (double.IsNaN(lat) || lat < -90 || lat > 90))
            v.Add(new(Coordinates, "establishment", e.Finess, "latitude", "La latitude est un nombre décimal entre -90 et 90, par exemple 48,8566."));
        if (e.Longitude is { } lon && (double.IsNaN(lon) || lon < -180 || lon > 180))
            v.Add(new(Coordinates, "establishment", e.Finess, "longitude", "La longitude est un nombre décimal entre -180 et 180, par exemple 2,3522."));
        if ((e.Latitude is null) != (e.Longitude is null))
            v.Add(new(Coordinates, "establishment", e.Finess, e.Latitude is null ? "latitude" : "longitude", "Renseignez la latitude et la longitude, ou aucune des deux."));
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    private static void ValidateCentreShape(Centre c, Dictionary<string, Network> networks, Dictionary<string, Establishment> establishments,
        IReadOnlyDictionary<string, Centre> centreIds, List<RuleViolation> v)
    {
        var entity = c.Kind switch
        {
            CentreKind.ReferenceSite => "site",
            CentreKind.CompetenceCentre => "competence_centre",
            CentreKind.ResourceCentre => "resource_centre",
        };
        if (string.IsNullOrWhiteSpace(c.Name))
            v.Add(new(Required, entity, c.Id, "name", "Le nom du centre est obligatoire."));
        if (!establishments.TryGetValue(c.EstablishmentFiness, out var est))
            v.Add(new(Reference, entity, c.Id, "establishment_finess", $"Établissement « {c.EstablishmentFiness} » inconnu."));
        else if (est.Level != EstablishmentLevel.Site)
            v.Add(new(CentreShape, entity, c.Id, "establishment_finess", $"Un centre est implanté dans un établissement géographique (ET) : « {c.EstablishmentFiness} » est une entité juridique."));
        switch (c.Kind)
        {
            case CentreKind.ReferenceSite:
                if (c.Role is null)
                    v.Add(new(CentreShape, entity, c.Id, "role", "Un site de centre de référence est coordonnateur ou constitutif."));
                if (c.NetworkId is null || !networks.ContainsKey(c.NetworkId))
                    v.Add(new(CentreShape, entity, c.Id, "network_id", $"Réseau CRMR « {c.NetworkId} » inconnu."));
                if (c.ResourceKind is not null || c.Attachments.Count > 0)
                    v.Add(new(CentreShape, entity, c.Id, "attachments", "Un site de centre de référence appartient à son réseau : pas de rattachement ni de type CRC."));
                break;
            case CentreKind.CompetenceCentre:
                if (c.Role is not null || c.NetworkId is not null || c.ResourceKind is not null)
                    v.Add(new(CentreShape, entity, c.Id, "role", "Un centre de compétence n'a ni rôle de site ni type CRC."));
                if (c.ClosedOn is null && c.Attachments.Count == 0)
                    v.Add(new(CompetenceAttached, entity, c.Id, "attachments", "Un centre de compétence est rattaché à au moins un réseau CRMR."));
                break;
            case CentreKind.ResourceCentre:
                if (c.ResourceKind is null)
                    v.Add(new(CentreShape, entity, c.Id, "resource_kind", "Un CRC est de type MHC, CRCM ou SLA."));
                if (c.Role is not null || c.NetworkId is not null)
                    v.Add(new(CentreShape, entity, c.Id, "role", "Un CRC n'a pas de rôle de site."));
                break;
        }
        if (c.PredecessorId is not null)
        {
            if (c.PredecessorId == c.Id)
                v.Add(new(Reference, entity, c.Id, "predecessor_id", "Un centre ne peut pas se succéder à lui-même."));
            else if (!centreIds.ContainsKey(c.PredecessorId))
                v.Add(new(Reference, entity, c.Id, "predecessor_id", $"Centre prédécesseur « {c.PredecessorId} » inconnu."));
        }
        foreach (var a in c.Attachments.Where(a => !networks.ContainsKey(a.NetworkId)))
            v.Add(new(Reference, entity, c.Id, "attachments", $"Réseau CRMR « {a.NetworkId} » inconnu."));
        foreach (var dup in c.Attachments.GroupBy(a => a.NetworkId).Where(g => g.Count() > 1))
            v.Add(new(Reference, entity, c.Id, "attachments", $"Rattachement au réseau « {dup.Key} » en double."));
    }

    /// <summary>"The first two characters are the département" (97x: "97" + the third digit).</summary>
    public static bool FinessMatchesDepartement(string finess, string departement) =>
        departement.Length == 3 ? finess.StartsWith(departement, StringComparison.Ordinal) : finess.StartsWith(departement, StringComparison.Ordinal) && departement.Length == 2;

    public static string MandateKey(Mandate m) => $"{m.PersonId}:{m.Role}:{m.CentreId ?? m.FiliereAcronym ?? m.PlatformId}:{m.From:yyyy-MM-dd}";
}
