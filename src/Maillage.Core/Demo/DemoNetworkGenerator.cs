using System.Globalization;
using System.Text;
using Maillage.Domain.Registry;

namespace Maillage.Core.Demo;

/// <summary>
/// Builds a plausible, entirely fictitious national rare-disease network on the real regions, départements,
/// filières and ERN, calibrated on the published counts (présentation DGOS du 7 avril 2022, « Des ressources nationales et européennes pour les maladies rares »; the page « Une filière de santé maladies rares, c'est quoi ? » de la filière CARDIOGEN): about 110 CRMR
/// networks, 600 reference sites, 1,800 CCMR, 85 CRC, 19 PEMR + 4 overseas platforms and 220 associations for
/// 2023-2028, with the 2017-2022 labels it continues. Deterministic: the same inputs and seed give the same data.
/// People are random combinations of common French first and last names; nothing here describes a real person.
/// </summary>
public static class DemoNetworkGenerator
{
    public const string Period2017 = "2017-2022";
    public const string Period2023 = "2023-2028";
    public const string PeriodFsmr2019 = "FSMR-2019-2024";
    public const string PeriodFsmr2025 = "FSMR-2025-2029";

    public static readonly DateOnly Start2017 = new(2017, 5, 9);
    /// <summary>Second 2017 arrêté: haemophilia, cystic fibrosis and ALS networks and the CRC.</summary>
    public static readonly DateOnly Start2017Late = new(2017, 11, 25);
    public static readonly DateOnly End2017 = new(2023, 12, 31);
    public static readonly DateOnly Start2023 = new(2024, 1, 1);
    public static readonly DateOnly End2023 = new(2028, 12, 31);
    public static readonly DateOnly StartFsmr2019 = new(2019, 7, 1);
    public static readonly DateOnly EndFsmr2019 = new(2025, 7, 23);
    public static readonly DateOnly StartFsmr2025 = new(2025, 7, 24);
    public static readonly DateOnly EndFsmr2025 = new(2029, 12, 31);

    /// <summary>Filières whose published 2023 counts the generator reproduces exactly (their CCMR stay within the filière).</summary>
    public static IReadOnlyList<string> ExactFilieres { get; } = ["CARDIOGEN", "RespiFIL", "FIMARAD"];

    /// <summary>Number of CRC per kind (total 85).</summary>
    public const int CrcMhc = 30, Crcm = 45, CrcSla = 10;

    public static RegistryData Generate(DemoInputs inputs, int seed = 2023)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return new Builder(inputs, seed).Build();
    }

    /// <summary>Stable identifier fragment: diacritics removed, ASCII upper case, letters, digits and dashes.</summary>
    public static string AsciiUpper(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var u = char.ToUpperInvariant(c);
            if (u is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-') sb.Append(u);
        }
        return sb.ToString();
    }

    private enum EstKind { Chu, Ch, Espic }

    private sealed class EstInfo
    {
        public required Establishment Et { get; init; }
        public required string EjFiness { get; init; }
        public required string HospitalKey { get; init; }
        public required string RegionCode { get; init; }
        public EstKind Kind { get; init; }
        public bool SharedEj { get; init; }
        public double CoordWeight { get; init; }
        public double SiteWeight { get; init; }
        public double CcmrWeight { get; init; }
    }

    private sealed class NetInfo
    {
        public required Network Network { get; init; }
        public required FilierePlan Plan { get; init; }
        public required string Theme { get; init; }
        /// <summary>The theme without its regional suffix ("… – Île-de-France").</summary>
        public string ThemeCore => Theme.Split(" – ")[0];
        public bool New2023 { get; init; }
        public bool Dropped { get; init; }
        public double SizeFactor { get; init; }
        public DateOnly Since2017 { get; init; }
        public HashSet<string> UsedEts { get; } = new(StringComparer.Ordinal);
        public HashSet<string> UsedEjs { get; } = new(StringComparer.Ordinal);
        public List<CentreInfo> Sites { get; } = [];
        public List<CentreInfo> Ccmr { get; } = [];
    }

    private sealed class CentreInfo
    {
        public required Centre Centre { get; init; }
        public required string FiliereAcronym { get; init; }
        /// <summary>Start of its first label.</summary>
        public DateOnly Since { get; set; }
        public bool Closed { get; set; }
    }

    private sealed class Builder(DemoInputs inputs, int seed)
    {
        private readonly Random _rng = new(seed);
        private readonly List<Region> _regions = [];
        private readonly List<Departement> _departements = [];
        private readonly Dictionary<string, Departement> _depByCode = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DemoCommune> _communeByDepName = new(StringComparer.Ordinal);
        private readonly List<Establishment> _establishments = [];
        private readonly List<EstInfo> _ets = [];
        private readonly Dictionary<string, List<EstInfo>> _etsByHospital = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Establishment> _ejByHospital = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _finessCounter = new(StringComparer.Ordinal);
        private readonly List<Filiere> _filieres = [];
        private readonly List<Ern> _erns = [];
        private readonly List<NetInfo> _networks = [];
        private readonly List<CentreInfo> _centres = [];
        private readonly List<Platform> _platforms = [];
        private readonly Dictionary<string, DateOnly> _platformSince = new(StringComparer.Ordinal);
        private readonly List<Person> _people = [];
        private readonly HashSet<string> _fullNames = new(StringComparer.Ordinal);
        private readonly List<Mandate> _mandates = [];
        private readonly List<Association> _associations = [];
        private readonly List<Label> _labels = [];
        private int _siteSeq, _ccmrSeq, _crcSeq;
        private long _rppsBase = 1_010_000_000L;

        public RegistryData Build()
        {
            BuildGeography();
            BuildEstablishments();
            BuildFilieres();
            BuildNetworksAndSites();
            BuildCompetenceCentres();
            BuildResourceCentres();
            BuildPlatforms();
            BuildHeads();
            BuildCoordinators();
            BuildAssociations();
            var periods = BuildLabels();
            AddContacts();
            return new RegistryData
            {
                Regions = _regions,
                Departements = _departements,
                Establishments = _establishments,
                Filieres = _filieres,
                Erns = _erns,
                Networks = _networks.Select(n => n.Network).ToList(),
                Centres = _centres.Select(c => c.Centre).ToList(),
                Platforms = _platforms,
                People = _people,
                Mandates = _mandates,
                Associations = _associations,
                Periods = periods,
                Labels = _labels,
            };
        }

        /// <summary>
        /// Each centre's contact (the unit's, not a person's): a telephone number in the ranges ARCEP keeps for fiction
        /// (01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49 by area), a mailbox and a web page on reserved domains
        /// (<c>.invalid</c>, <c>.example</c>). Derived from the centre's identifier and place: no draw, nothing real.
        /// </summary>
        private void AddContacts()
        {
            var regionOf = _departements.ToDictionary(d => d.Code, d => d.RegionCode, StringComparer.Ordinal);
            var etByFiness = _establishments.ToDictionary(e => e.Finess, StringComparer.Ordinal);
            foreach (var info in _centres)
            {
                var c = info.Centre;
                var number = StableSeed(c.Id) & 0x7fffffff;
                var region = etByFiness.TryGetValue(c.EstablishmentFiness, out var et) ? regionOf.GetValueOrDefault(et.DepartementCode) ?? "" : "";
                var prefix = region switch
                {
                    "11" => "01 99 00",
                    "53" or "52" or "28" or "24" => "02 61 91",
                    "32" or "44" or "27" => "03 53 01",
                    "84" or "93" or "94" => "04 65 71",
                    _ => "05 36 49",
                };
                var tail = (number % 10000).ToString("D4", CultureInfo.InvariantCulture);
                c.Phone ??= $"{prefix} {tail[..2]} {tail[2..]}";
                var slug = c.Id.ToLowerInvariant();
                c.Email ??= $"{slug}@demo.maillage.invalid";
                c.Website ??= $"https://annuaire-demo.example/centres/{slug}";
            }
        }

        // ---------- geography and establishments ----------

        private void BuildGeography()
        {
            foreach (var r in inputs.Regions)
                _regions.Add(new Region { Code = r.Code, Name = r.Name, ArsName = r.ArsName, Population = r.Population, Overseas = r.Overseas });
            foreach (var d in inputs.Departements)
            {
                var dep = new Departement { Code = d.Code, Name = d.Name, RegionCode = d.RegionCode, Population = d.Population };
                _departements.Add(dep);
                _depByCode[d.Code] = dep;
            }
            foreach (var c in inputs.Communes)
            {
                var key = CommuneKey(c.DepartementCode, c.Name);
                if (!_communeByDepName.TryGetValue(key, out var existing) || existing.Population < c.Population)
                    _communeByDepName[key] = c;
            }
        }

        private static string CommuneKey(string dep, string name) => dep + "|" + Normalize(name);

        private string NewFiness(string dep)
        {
            _finessCounter.TryGetValue(dep, out var counter);
            counter += 1 + _rng.Next(40);
            _finessCounter[dep] = counter;
            if (dep.Length == 3)
                return Finess.Create(dep[..2], (dep[2] - '0') * 100_000 + 1_000 + counter).Value;
            return Finess.Create(dep, 1_000 + counter).Value;
        }

        private (string? Commune, string? Postal) Locate(string dep, string city, string? postal)
        {
            if (_communeByDepName.TryGetValue(CommuneKey(dep, city), out var c))
                return (c.Name, postal ?? c.PostalCodes.FirstOrDefault());
            return (city, postal);
        }

        private string RegionOf(string dep) => _depByCode.TryGetValue(dep, out var d) ? d.RegionCode : "";

        private void BuildEstablishments()
        {
            foreach (var h in DemoCatalog.Hospitals)
            {
                if (!_depByCode.ContainsKey(h.Departement)) continue;
                var (commune, postal) = Locate(h.Departement, h.City, h.PostalCode);
                var ej = new Establishment
                {
                    Finess = NewFiness(h.Departement),
                    Level = EstablishmentLevel.LegalEntity,
                    Name = h.Name,
                    Category = h.Category,
                    Commune = commune,
                    PostalCode = postal,
                    DepartementCode = h.Departement,
                    Latitude = h.Latitude,
                    Longitude = h.Longitude,
                };
                _establishments.Add(ej);
                _ejByHospital[h.Key] = ej;
                var sites = h.Sites.Where(s => _depByCode.ContainsKey(s.Departement)).ToList();
                var totalWeight = sites.Sum(s => s.Weight);
                var list = new List<EstInfo>();
                for (var i = 0; i < sites.Count; i++)
                {
                    var s = sites[i];
                    var (sc, sp) = Locate(s.Departement, s.Commune, s.PostalCode);
                    var sameCity = Normalize(s.Commune) == Normalize(h.City);
                    var et = new Establishment
                    {
                        Finess = NewFiness(s.Departement),
                        Level = EstablishmentLevel.Site,
                        LegalEntityFiness = ej.Finess,
                        Name = s.Name,
                        Category = h.Category,
                        Commune = sc,
                        PostalCode = sp,
                        DepartementCode = s.Departement,
                        GroupName = s.Group,
                        Latitude = sameCity ? Math.Round(h.Latitude + 0.006 * ((i % 3) - 1), 4) : s.Latitude,
                        Longitude = sameCity ? Math.Round(h.Longitude + 0.008 * (((i / 3) % 3) - 1), 4) : s.Longitude,
                    };
                    _establishments.Add(et);
                    var share = totalWeight > 0 ? s.Weight / totalWeight : 0;
                    var info = new EstInfo
                    {
                        Et = et,
                        EjFiness = ej.Finess,
                        HospitalKey = h.Key,
                        RegionCode = RegionOf(s.Departement),
                        Kind = h.Category == EstablishmentCategory.Chu ? EstKind.Chu : EstKind.Ch,
                        SharedEj = h.Key == "AP-HP",
                        CoordWeight = h.CoordinatingWeight * share,
                        SiteWeight = h.SiteWeight * share,
                        // Overseas hospitals serve small populations: fewer CCMR there.
                        CcmrWeight = (h.Category == EstablishmentCategory.Chu ? (h.Departement.Length == 3 ? 2.5 : 4.0) : 0.6) * share,
                    };
                    _ets.Add(info);
                    list.Add(info);
                }
                _etsByHospital[h.Key] = list;
            }

            // One general hospital (CH) in the largest commune of every metropolitan département that has no catalogue
            // hospital there, two in the most populous départements.
            var catalogCities = new HashSet<string>(StringComparer.Ordinal);
            foreach (var h in DemoCatalog.Hospitals)
            {
                catalogCities.Add(CommuneKey(h.Departement, h.City));
                foreach (var s in h.Sites) catalogCities.Add(CommuneKey(s.Departement, s.Commune));
            }
            var communesByDep = inputs.Communes
                .GroupBy(c => c.DepartementCode, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Population).ThenBy(c => c.Code, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
            foreach (var dep in _departements)
            {
                if (dep.Code.Length == 3) continue; // overseas hospitals come from the catalogue
                if (!communesByDep.TryGetValue(dep.Code, out var communes)) continue;
                var wanted = dep.Population > 1_000_000 ? 2 : 1;
                foreach (var c in communes.Where(c => !catalogCities.Contains(CommuneKey(dep.Code, c.Name))).Take(wanted))
                {
                    var name = "Centre hospitalier " + Of(c.Name);
                    var ej = new Establishment
                    {
                        Finess = NewFiness(dep.Code), Level = EstablishmentLevel.LegalEntity, Name = name, Category = EstablishmentCategory.Ch,
                        Commune = c.Name, PostalCode = c.PostalCodes.FirstOrDefault(), DepartementCode = dep.Code,
                    };
                    var et = new Establishment
                    {
                        Finess = NewFiness(dep.Code), Level = EstablishmentLevel.Site, LegalEntityFiness = ej.Finess, Name = name,
                        Category = EstablishmentCategory.Ch, Commune = c.Name, PostalCode = c.PostalCodes.FirstOrDefault(), DepartementCode = dep.Code,
                    };
                    _establishments.Add(ej);
                    _establishments.Add(et);
                    _ets.Add(new EstInfo
                    {
                        Et = et, EjFiness = ej.Finess, HospitalKey = "CH " + c.Code, RegionCode = dep.RegionCode, Kind = EstKind.Ch,
                        SiteWeight = c.Population >= 100_000 ? 0.3 : 0,
                        CcmrWeight = c.Population >= 100_000 ? 1.5 : c.Population >= 40_000 ? 1.0 : 0.6,
                    });
                }
            }

            foreach (var s in DemoCatalog.Espic)
            {
                if (!_depByCode.ContainsKey(s.Departement)) continue;
                var (commune, postal) = Locate(s.Departement, s.Commune, s.PostalCode);
                var ej = new Establishment
                {
                    Finess = NewFiness(s.Departement), Level = EstablishmentLevel.LegalEntity, Name = s.Name, Category = EstablishmentCategory.Espic,
                    Commune = commune, PostalCode = postal, DepartementCode = s.Departement,
                };
                var et = new Establishment
                {
                    Finess = NewFiness(s.Departement), Level = EstablishmentLevel.Site, LegalEntityFiness = ej.Finess, Name = s.Name,
                    Category = EstablishmentCategory.Espic, Commune = commune, PostalCode = postal, DepartementCode = s.Departement,
                };
                _establishments.Add(ej);
                _establishments.Add(et);
                _ets.Add(new EstInfo
                {
                    Et = et, EjFiness = ej.Finess, HospitalKey = "ESPIC " + s.Name, RegionCode = RegionOf(s.Departement), Kind = EstKind.Espic,
                    SiteWeight = 0.4, CcmrWeight = 1.0,
                });
            }
        }

        /// <summary>"de Rennes", "d'Angers", "du Mans", "des Sables-d'Olonne", "de La Rochelle".</summary>
        private static string Of(string commune)
        {
            if (commune.StartsWith("Le ", StringComparison.Ordinal)) return "du " + commune[3..];
            if (commune.StartsWith("Les ", StringComparison.Ordinal)) return "des " + commune[4..];
            if (commune.Length > 0 && "AEIOUYÉÈÊÂÎÔH".Contains(char.ToUpperInvariant(commune[0]), StringComparison.Ordinal)) return "d'" + commune;
            return "de " + commune;
        }

        // ---------- filières and ERN ----------

        private void BuildFilieres()
        {
            foreach (var e in inputs.Erns)
                _erns.Add(new Ern { Acronym = e.Acronym, Name = e.Name });
            foreach (var f in inputs.Filieres)
            {
                var filiere = new Filiere
                {
                    Acronym = f.Acronym,
                    Name = f.Name,
                    HostFiness = ResolveHost(f.HostEstablishment, f.HostCity),
                    HostUnverified = f.HostUnverified,
                };
                var first = true;
                foreach (var ern in ResolveErns(f.MainErn))
                {
                    filiere.Erns.Add(new FiliereErn { FiliereAcronym = f.Acronym, ErnAcronym = ern, IsMain = first });
                    first = false;
                }
                _filieres.Add(filiere);
            }
        }

        private List<string> ResolveErns(string mainErn)
        {
            var result = new List<string>();
            foreach (var part in mainErn.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var key = ErnKey(part);
                var match = _erns.FirstOrDefault(e => ErnKey(e.Acronym) == key);
                if (match is not null && !result.Contains(match.Acronym, StringComparer.Ordinal)) result.Add(match.Acronym);
            }
            return result;
        }

        private static string ErnKey(string s)
        {
            var n = Normalize(s).Replace(" ", "", StringComparison.Ordinal);
            return n.StartsWith("ern", StringComparison.Ordinal) && n.Length > 3 ? n[3..] : n;
        }

        private static readonly HashSet<string> HostStopWords = new(StringComparer.Ordinal)
        {
            "ap", "hp", "hm", "chu", "chru", "chr", "de", "la", "le", "les", "du", "des", "hopital", "centre", "hospitalier", "site",
        };

        private static HashSet<string> Tokens(string s) =>
            Normalize(s).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length >= 3 && !HostStopWords.Contains(t)).ToHashSet(StringComparer.Ordinal);

        /// <summary>The generated establishment (EJ or ET) in the host city whose name best matches the host's name.</summary>
        private string? ResolveHost(string hostName, string hostCity)
        {
            var city = Normalize(hostCity);
            var wanted = Tokens(hostName);
            var ejCity = _establishments.Where(e => e.Level == EstablishmentLevel.LegalEntity)
                .ToDictionary(e => e.Finess, e => Normalize(e.Commune ?? ""), StringComparer.Ordinal);
            Establishment? best = null;
            var bestScore = 0;
            foreach (var e in _establishments)
            {
                var inCity = Normalize(e.Commune ?? "") == city
                    || (e.LegalEntityFiness is not null && ejCity.TryGetValue(e.LegalEntityFiness, out var c) && c == city);
                if (!inCity) continue;
                var score = Tokens(e.Name).Count(wanted.Contains);
                // Ties go to the legal entity, then to the first in catalogue order.
                if (score > bestScore || (score == bestScore && score > 0 && best is not null
                    && best.Level == EstablishmentLevel.Site && e.Level == EstablishmentLevel.LegalEntity))
                {
                    best = e;
                    bestScore = score;
                }
            }
            return best?.Finess;
        }

        // ---------- networks and reference sites ----------

        private static FilierePlan PlanFor(DemoFiliere f) =>
            DemoCatalog.Plans.FirstOrDefault(p => p.Acronym == f.Acronym)
            ?? new FilierePlan(f.Acronym, 1, 2, 10, "Service de médecine", ["du champ de la filière " + f.Acronym]);

        private static bool IsLate(string filiere) => filiere is "MHEMO" or "MUCO-CFTR" or "FILSLAN";

        private void BuildNetworksAndSites()
        {
            foreach (var f in inputs.Filieres)
            {
                var plan = PlanFor(f);
                var codes = inputs.OrphaCodesForFiliere(f.Acronym);
                var filiere = _filieres.First(x => x.Acronym == f.Acronym);
                var ernPool = filiere.Erns.Select(e => e.ErnAcronym).ToList();
                var dropped = f.Acronym == "G2M" ? 1 : 0;
                var count = plan.Networks + dropped;
                var netsOfFiliere = new List<NetInfo>();
                for (var i = 0; i < count; i++)
                {
                    var theme = i < plan.Themes.Length ? plan.Themes[i] : $"{plan.Themes[^1]} ({(i + 1).ToString(CultureInfo.InvariantCulture)})";
                    var id = $"CRMR-{AsciiUpper(f.Acronym)}-{(i + 1).ToString("D2", CultureInfo.InvariantCulture)}";
                    var isDropped = i >= plan.Networks;
                    var isNew = !isDropped && i == plan.Networks - 1 && f.Acronym is "BRAIN-TEAM" or "FAI2R";
                    var network = new Network
                    {
                        Id = id,
                        Name = i == 0 ? "Centre de référence " + theme : "Réseau CRMR " + theme + " (fictif)",
                        FiliereAcronym = f.Acronym,
                        Field = FieldOf(f.Acronym, i),
                        AgeValence = ValenceOf(f.Acronym, theme),
                    };
                    var drawn = DrawPerimeter(codes, f.Acronym); // the draw runs in any case: the rest of the demo stays the same
                    foreach (var code in ThemedPerimeter(f.Acronym, i + 1, id) ?? drawn)
                        network.Perimeter.Add(new NetworkDisease { NetworkId = id, OrphaCode = code });
                    for (var k = 0; k < ernPool.Count; k++)
                        if (k == 0 || _rng.NextDouble() < 0.5)
                            network.Erns.Add(new NetworkErn { NetworkId = id, ErnAcronym = ernPool[k] });
                    var info = new NetInfo
                    {
                        Network = network, Plan = plan, Theme = theme, New2023 = isNew, Dropped = isDropped,
                        SizeFactor = 0.5 + _rng.NextDouble(),
                        Since2017 = IsLate(f.Acronym) ? Start2017Late : Start2017,
                    };
                    netsOfFiliere.Add(info);
                    _networks.Add(info);
                }

                var current = netsOfFiliere.Where(n => !n.Dropped).ToList();
                var constitutive = Allocate(plan.Constitutive, current, n => n.SizeFactor, minimumOne: true);
                for (var i = 0; i < netsOfFiliere.Count; i++)
                {
                    var n = netsOfFiliere[i];
                    var hostEt = i == 0 ? HostSite(filiere.HostFiness) : null;
                    var coordEt = hostEt ?? Pick(_ets.Where(e => e.CoordWeight > 0 && Allowed(n, e)).ToList(), e => e.CoordWeight)
                        ?? Pick(_ets.Where(e => Allowed(n, e)).ToList(), e => e.CcmrWeight)!;
                    AddSite(n, coordEt, SiteRole.Coordinating);
                    var nConst = n.Dropped ? 2 : constitutive[current.IndexOf(n)];
                    for (var k = 0; k < nConst; k++)
                    {
                        var et = Pick(_ets.Where(e => e.SiteWeight > 0 && Allowed(n, e)).ToList(), e => e.SiteWeight)
                            ?? Pick(_ets.Where(e => Allowed(n, e)).ToList(), e => e.CcmrWeight)!;
                        AddSite(n, et, SiteRole.Constitutive);
                    }
                }
            }

            // History of the reference sites: 132 are new in 2023 (the new networks' sites first), some of them
            // former CCMR; the dropped network's sites stop at the end of 2023.
            const int newSites = 132;
            var newOnes = _networks.Where(n => n.New2023).SelectMany(n => n.Sites).ToList();
            var pool = _networks.Where(n => !n.New2023 && !n.Dropped).SelectMany(n => n.Sites)
                .Where(s => s.Centre.Role == SiteRole.Constitutive).ToList();
            newOnes.AddRange(Sample(pool, Math.Max(0, newSites - newOnes.Count)));
            foreach (var s in newOnes) s.Since = Start2023;
            foreach (var s in _networks.Where(n => n.Dropped).SelectMany(n => n.Sites))
            {
                s.Closed = true;
                s.Centre.ClosedOn = End2017;
            }
            var promotable = newOnes.Where(s => !ExactFilieres.Contains(s.FiliereAcronym, StringComparer.Ordinal)
                && !_networks.First(n => n.Network.Id == s.Centre.NetworkId).New2023).ToList();
            _promoted.AddRange(Sample(promotable, Math.Min(25, promotable.Count)));
        }

        private readonly List<CentreInfo> _promoted = [];

        private EstInfo? HostSite(string? hostFiness)
        {
            if (hostFiness is null) return null;
            var et = _ets.FirstOrDefault(e => e.Et.Finess == hostFiness);
            if (et is not null) return et;
            // Host is a legal entity: its main site.
            return _ets.Where(e => e.EjFiness == hostFiness).OrderByDescending(e => e.CoordWeight).FirstOrDefault();
        }

        private static ThresholdField FieldOf(string filiere, int index) => filiere switch
        {
            "MHEMO" => index switch { 0 => ThresholdField.Haemophilia, 1 => ThresholdField.Willebrand, _ => ThresholdField.Platelet },
            "MUCO-CFTR" => ThresholdField.CysticFibrosis,
            "FILSLAN" => ThresholdField.Als,
            _ => ThresholdField.General,
        };

        private AgeValence ValenceOf(string filiere, string theme)
        {
            if (theme.Contains("de l'enfant", StringComparison.Ordinal) || filiere is "DéfiScience" or "FIMATHO") return AgeValence.Paediatric;
            if (theme.Contains("de l'adulte", StringComparison.Ordinal) && !theme.Contains("enfant", StringComparison.Ordinal)) return AgeValence.Adult;
            if (filiere is "MHEMO" or "MUCO-CFTR" or "AnDDI-Rares") return AgeValence.Both;
            var r = _rng.NextDouble();
            return r < 0.6 ? AgeValence.Both : r < 0.8 ? AgeValence.Adult : AgeValence.Paediatric;
        }

        private List<int> DrawPerimeter(IReadOnlyList<int> codes, string filiere)
        {
            var result = new SortedSet<int>();
            if (codes.Count == 0) return [];
            if (filiere == "MUCO-CFTR" && codes.Contains(586)) result.Add(586);
            var wanted = Math.Min(codes.Count, 1 + _rng.Next(8));
            while (result.Count < wanted) result.Add(codes[_rng.Next(codes.Count)]);
            return [.. result];
        }

        /// <summary>Specific diseases added below a network's head codes (at most).</summary>
        public const int PerimeterDiseasesBelow = 8;

        /// <summary>
        /// The perimeter of the network numbered <paramref name="theme"/> in its filière's plan, from the filière's domain
        /// (data/fsmr/filiere_domains.csv): its head codes (those of its theme, or the filière's general ones), then up
        /// to <see cref="PerimeterDiseasesBelow"/> active codes below them, drawn with a generator seeded by the network's
        /// identifier (the main draw is untouched). Null when the filière has no domain rows.
        /// </summary>
        private HashSet<int> NamedInDomains => _namedInDomains ??= [.. inputs.Domains.Select(d => d.OrphaCode)];
        private HashSet<int>? _namedInDomains;

        private List<int>? ThemedPerimeter(string filiere, int theme, string networkId)
        {
            var rows = inputs.Domains.Where(d => d.Filiere == filiere).ToList();
            if (rows.Count == 0) return null;
            var own = rows.Where(d => d.Networks.Contains(theme)).ToList();
            var heads = (own.Count > 0 ? own : rows.Where(d => d.Networks.Count == 0).ToList()).Select(d => d.OrphaCode).Distinct().Order().ToList();
            if (heads.Count == 0) heads = [.. rows.Select(d => d.OrphaCode).Distinct().Order()];
            var result = new SortedSet<int>(heads);
            // Drawn below the heads: only codes not yet in the perimeter (a head may lie below another head, and the loop
            // below would never end) and not named by any row of the domains table (those belong to the networks whose
            // theme names them: a thalassaemia network is not labelled for sickle-cell disease by chance, nor a motor
            // neuron disease network for spinal muscular atrophy, which the table gives to FILNEMUS).
            var below = heads.SelectMany(h => inputs.ActiveBelow(h)).Where(c => !result.Contains(c) && !NamedInDomains.Contains(c)).Distinct().Order().ToList();
            var rng = new Random(StableSeed(networkId) ^ seed);
            var wanted = Math.Min(below.Count, PerimeterDiseasesBelow);
            while (result.Count < heads.Count + wanted) result.Add(below[rng.Next(below.Count)]);
            return [.. result];
        }

        private static int StableSeed(string text)
        {
            var h = 17;
            foreach (var c in text) h = unchecked(h * 31 + c);
            return h;
        }

        private static bool Allowed(NetInfo n, EstInfo e) =>
            !n.UsedEts.Contains(e.Et.Finess) && (e.SharedEj || !n.UsedEjs.Contains(e.EjFiness));

        private static void Use(NetInfo n, EstInfo e)
        {
            n.UsedEts.Add(e.Et.Finess);
            n.UsedEjs.Add(e.EjFiness);
        }

        private void AddSite(NetInfo n, EstInfo e, SiteRole role)
        {
            _siteSeq++;
            var service = n.Network.AgeValence == AgeValence.Paediatric && !n.Plan.Service.Contains("pédiatri", StringComparison.Ordinal)
                ? n.Plan.Service + " pédiatrique" : n.Plan.Service;
            var centre = new Centre
            {
                Id = "SITE-" + _siteSeq.ToString("D5", CultureInfo.InvariantCulture),
                Kind = CentreKind.ReferenceSite,
                Role = role,
                NetworkId = n.Network.Id,
                Name = $"{service} – site {(role == SiteRole.Coordinating ? "coordonnateur" : "constitutif")}",
                EstablishmentFiness = e.Et.Finess,
            };
            var info = new CentreInfo { Centre = centre, FiliereAcronym = n.Network.FiliereAcronym, Since = n.New2023 ? Start2023 : n.Since2017 };
            n.Sites.Add(info);
            _centres.Add(info);
            Use(n, e);
        }

        // ---------- competence centres ----------

        private void BuildCompetenceCentres()
        {
            var exact = new HashSet<string>(ExactFilieres, StringComparer.Ordinal);
            var byFiliere = inputs.Filieres.Select(f => (f.Acronym, Nets: _networks.Where(n => n.Network.FiliereAcronym == f.Acronym && !n.Dropped).ToList())).ToList();
            var crossPool = _networks.Where(n => !n.Dropped && !exact.Contains(n.Network.FiliereAcronym)).ToList();
            var current = new List<CentreInfo>();
            foreach (var (acronym, nets) in byFiliere)
            {
                if (nets.Count == 0) continue;
                var plan = nets[0].Plan;
                var perNetwork = Allocate(plan.Ccmr, nets, n => n.SizeFactor * (1 + n.Sites.Count), minimumOne: false);
                for (var i = 0; i < nets.Count; i++)
                {
                    for (var k = 0; k < perNetwork[i]; k++)
                    {
                        var n = nets[i];
                        var et = Pick(_ets.Where(e => e.CcmrWeight > 0 && Allowed(n, e)).ToList(), e => e.CcmrWeight);
                        if (et is null) continue;
                        var c = AddCcmr(n, et, n.New2023 ? Start2023 : n.Since2017);
                        current.Add(c);
                        // A second network of the same filière (the CCMR still counts once for its filière).
                        if (nets.Count > 1 && _rng.NextDouble() < 0.15)
                        {
                            var other = Pick(nets.Where(o => o != n && Allowed(o, et)).ToList(), o => o.SizeFactor);
                            if (other is not null) Attach(c, other, et);
                        }
                        // Rarely, a network of another filière.
                        if (!exact.Contains(acronym) && _rng.NextDouble() < 0.02)
                        {
                            var other = Pick(crossPool.Where(o => o.Network.FiliereAcronym != acronym && Allowed(o, et)).ToList(), o => o.SizeFactor);
                            if (other is not null) Attach(c, other, et);
                        }
                    }
                }
            }

            // 150 CCMR are new in 2023 (those of the new networks first).
            var newOnes = current.Where(c => _networks.First(n => n.Network.Id == c.Centre.Attachments[0].NetworkId).New2023).ToList();
            var pool = current.Where(c => !newOnes.Contains(c)).ToList();
            newOnes.AddRange(Sample(pool, Math.Max(0, 150 - newOnes.Count)));
            foreach (var c in newOnes) c.Since = Start2023;

            // 2017 CCMR not relabelled in 2023: those of the dropped network and ~96 others outside the exact filières.
            foreach (var n in _networks.Where(n => n.Dropped))
                for (var k = 0; k < 4; k++)
                {
                    var et = Pick(_ets.Where(e => e.CcmrWeight > 0 && Allowed(n, e)).ToList(), e => e.CcmrWeight);
                    if (et is null) continue;
                    var c = AddCcmr(n, et, n.Since2017);
                    c.Closed = true;
                    c.Centre.ClosedOn = End2017;
                }
            var closable = _networks.Where(n => !n.Dropped && !n.New2023 && n.Plan.Ccmr > 0 && !exact.Contains(n.Network.FiliereAcronym)).ToList();
            for (var k = 0; k < 96 && closable.Count > 0; k++)
            {
                var n = Pick(closable, x => x.SizeFactor)!;
                var et = Pick(_ets.Where(e => e.CcmrWeight > 0 && Allowed(n, e)).ToList(), e => e.CcmrWeight);
                if (et is null) continue;
                var c = AddCcmr(n, et, n.Since2017);
                c.Closed = true;
                c.Centre.ClosedOn = End2017;
            }

            // CCMR that became constitutive sites in 2023: the old unit closes, the new site continues it.
            foreach (var site in _promoted)
            {
                var n = _networks.First(x => x.Network.Id == site.Centre.NetworkId);
                var et = _ets.First(e => e.Et.Finess == site.Centre.EstablishmentFiness);
                var c = AddCcmr(n, et, n.Since2017, use: false);
                c.Closed = true;
                c.Centre.ClosedOn = End2017;
                site.Centre.PredecessorId = c.Centre.Id;
            }
        }

        private CentreInfo AddCcmr(NetInfo n, EstInfo et, DateOnly since, bool use = true)
        {
            _ccmrSeq++;
            var centre = new Centre
            {
                Id = "CCMR-" + _ccmrSeq.ToString("D5", CultureInfo.InvariantCulture),
                Kind = CentreKind.CompetenceCentre,
                Name = "Centre de compétence " + n.ThemeCore,
                EstablishmentFiness = et.Et.Finess,
            };
            centre.Attachments.Add(new CentreAttachment { CentreId = centre.Id, NetworkId = n.Network.Id });
            var info = new CentreInfo { Centre = centre, FiliereAcronym = n.Network.FiliereAcronym, Since = since };
            _centres.Add(info);
            n.Ccmr.Add(info);
            if (use) Use(n, et);
            return info;
        }

        private static void Attach(CentreInfo c, NetInfo n, EstInfo et)
        {
            c.Centre.Attachments.Add(new CentreAttachment { CentreId = c.Centre.Id, NetworkId = n.Network.Id });
            n.Ccmr.Add(c);
            Use(n, et);
        }

        // ---------- resource centres ----------

        private void BuildResourceCentres()
        {
            NetInfo? Net(string filiere, int index) =>
                _networks.Where(n => n.Network.FiliereAcronym == filiere && !n.Dropped).Skip(index).FirstOrDefault();
            var haemophilia = Net("MHEMO", 0);
            var willebrand = Net("MHEMO", 1);
            var platelet = Net("MHEMO", 2);
            var muco = Net("MUCO-CFTR", 0);
            var sla = Net("FILSLAN", 0);

            void Make(ResourceCentreKind kind, int count, Func<int, string> name, Func<int, IEnumerable<NetInfo?>> attach)
            {
                var used = new HashSet<string>(StringComparer.Ordinal);
                var candidates = _ets.Where(e => e.SiteWeight > 0 || e.CcmrWeight >= 1).ToList();
                for (var i = 0; i < count; i++)
                {
                    var nets = attach(i).Where(n => n is not null).Select(n => n!).Distinct().ToList();
                    var et = Pick(candidates.Where(e => !used.Contains(e.Et.Finess) && nets.All(n => !n.UsedEts.Contains(e.Et.Finess))).ToList(),
                        e => e.SiteWeight + e.CcmrWeight) ?? Pick(candidates.Where(e => !used.Contains(e.Et.Finess)).ToList(), e => 1)!;
                    used.Add(et.Et.Finess);
                    _crcSeq++;
                    var centre = new Centre
                    {
                        Id = "CRC-" + _crcSeq.ToString("D5", CultureInfo.InvariantCulture),
                        Kind = CentreKind.ResourceCentre,
                        ResourceKind = kind,
                        Name = name(i),
                        EstablishmentFiness = et.Et.Finess,
                    };
                    foreach (var n in nets)
                        centre.Attachments.Add(new CentreAttachment { CentreId = centre.Id, NetworkId = n.Network.Id });
                    _centres.Add(new CentreInfo { Centre = centre, FiliereAcronym = nets.FirstOrDefault()?.Network.FiliereAcronym ?? "", Since = Start2017Late });
                }
            }

            Make(ResourceCentreKind.Mhc, CrcMhc,
                _ => "Centre de ressources et de compétences des maladies hémorragiques constitutionnelles (CRC-MHC)",
                _ => [haemophilia, _rng.NextDouble() < 0.5 ? willebrand : null, _rng.NextDouble() < 0.3 ? platelet : null]);
            string[] crcmKinds = ["pédiatrique", "adulte", "mixte"];
            Make(ResourceCentreKind.Crcm, Crcm,
                i => $"Centre de ressources et de compétences de la mucoviscidose (CRCM) {crcmKinds[i % 3]}",
                _ => [muco]);
            Make(ResourceCentreKind.Sla, CrcSla,
                _ => "Centre de ressources et de compétences SLA et maladies du neurone moteur (CRC-SLA)",
                _ => [sla]);
        }

        // ---------- platforms ----------

        private void BuildPlatforms()
        {
            var pemr = new List<(string Hospital, string? Group, string Label)>
            {
                ("AP-HP", "GHU AP-HP.Centre – Université Paris Cité", "AP-HP.Centre – Université Paris Cité"),
                ("AP-HP", "GHU AP-HP.Sorbonne Université", "AP-HP.Sorbonne Université"),
                ("AP-HP", "GHU AP-HP.Nord – Université Paris Cité", "AP-HP.Nord – Université Paris Cité"),
                ("AP-HP", "GHU AP-HP.Université Paris-Saclay", "AP-HP.Université Paris-Saclay"),
                ("HCL", null, "Lyon – Hospices civils de Lyon"),
                ("AP-HM", null, "Marseille – AP-HM"),
                ("Lille", null, "Hauts-de-France – Lille"),
                ("Toulouse", null, "Occitanie Pyrénées – Toulouse"),
                ("Bordeaux", null, "Nouvelle-Aquitaine – Bordeaux"),
                ("Montpellier", null, "Occitanie Méditerranée – Montpellier"),
                ("Nantes", null, "Pays de la Loire – Nantes"),
                ("Strasbourg", null, "Alsace – Strasbourg"),
                ("Rennes", null, "Bretagne – Rennes"),
                ("Nancy", null, "Lorraine – Nancy"),
                ("Dijon", null, "Bourgogne-Franche-Comté – Dijon"),
                ("Tours", null, "Centre-Val de Loire – Tours"),
                ("Rouen", null, "Normandie – Rouen"),
                ("Grenoble", null, "Alpes – Grenoble"),
                ("Clermont-Ferrand", null, "Auvergne – Clermont-Ferrand"),
            };
            var index = 0;
            foreach (var (hospital, group, label) in pemr)
            {
                index++;
                if (!_etsByHospital.TryGetValue(hospital, out var ets)) continue;
                var covered = group is null ? ets : ets.Where(e => e.Et.GroupName == group).ToList();
                if (covered.Count == 0) continue;
                var host = group is null ? _ejByHospital[hospital] : covered.OrderByDescending(e => e.CoordWeight).First().Et;
                var id = "PEMR-" + index.ToString("D2", CultureInfo.InvariantCulture);
                AddPlatform(id, PlatformKind.Expertise, "Plateforme d'expertise maladies rares " + label, host, covered,
                    index <= 10 ? new DateOnly(2020, 1, 1) : new DateOnly(2021, 10, 1));
            }
            var overseas = new List<(string[] Hospitals, string Label)>
            {
                (["Martinique"], "Martinique"),
                (["Guadeloupe", "Basse-Terre"], "Guadeloupe"),
                (["Réunion", "Mayotte"], "La Réunion – Mayotte"),
                (["Guyane"], "Guyane"),
            };
            index = 0;
            foreach (var (hospitals, label) in overseas)
            {
                index++;
                var present = hospitals.Where(_etsByHospital.ContainsKey).ToList();
                if (present.Count == 0) continue;
                var covered = present.SelectMany(h => _etsByHospital[h]).ToList();
                AddPlatform("PFOM-" + index.ToString("D2", CultureInfo.InvariantCulture), PlatformKind.Overseas,
                    "Plateforme de coordination outre-mer maladies rares – " + label, _ejByHospital[present[0]], covered, new DateOnly(2021, 1, 1));
            }
        }

        private void AddPlatform(string id, PlatformKind kind, string name, Establishment host, List<EstInfo> covered, DateOnly since)
        {
            var platform = new Platform { Id = id, Kind = kind, Name = name, HostFiness = host.Finess, RegionCode = RegionOf(host.DepartementCode) };
            if (platform.RegionCode == "") platform.RegionCode = null;
            foreach (var e in covered)
                platform.Establishments.Add(new PlatformEstablishment { PlatformId = id, Finess = e.Et.Finess });
            var finess = covered.Select(e => e.Et.Finess).ToHashSet(StringComparer.Ordinal);
            foreach (var c in _centres.Where(c => !c.Closed && finess.Contains(c.Centre.EstablishmentFiness)))
                platform.Centres.Add(new PlatformCentre { PlatformId = id, CentreId = c.Centre.Id });
            _platforms.Add(platform);
            _platformSince[id] = since;
        }

        // ---------- people and mandates ----------

        private Person NewPerson(HeadStatus status, DateOnly appointedOn)
        {
            var (minYear, maxYear) = status switch
            {
                HeadStatus.PuPh => (1958, 1982),
                HeadStatus.McuPh => (1970, 1988),
                HeadStatus.ConsultantProfessor => (1954, 1958),
                _ => (1960, 1990),
            };
            maxYear = Math.Min(maxYear, appointedOn.Year - 32);
            minYear = Math.Min(minYear, maxYear);
            var birth = new DateOnly(minYear + _rng.Next(maxYear - minYear + 1), 1 + _rng.Next(12), 1 + _rng.Next(28));
            string first, last;
            do
            {
                first = DemoCatalog.FirstNames[_rng.Next(DemoCatalog.FirstNames.Count)];
                last = DemoCatalog.LastNames[_rng.Next(DemoCatalog.LastNames.Count)];
            }
            while (!_fullNames.Add(first + " " + last));
            _rppsBase += 1 + _rng.Next(5_000);
            var person = new Person
            {
                Id = "P-" + (_people.Count + 1).ToString("D5", CultureInfo.InvariantCulture),
                FirstName = first,
                LastName = last,
                Status = status,
                Title = TitleOf(status),
                Rpps = Rpps.Create(_rppsBase).Value,
                BirthDate = birth,
                ClinicalActivity = true,
            };
            _people.Add(person);
            return person;
        }

        private static string TitleOf(HeadStatus status) => status is HeadStatus.PuPh or HeadStatus.ConsultantProfessor ? "Pr" : "Dr";

        private HeadStatus DrawStatus(double puPh, double mcuPh)
        {
            var r = _rng.NextDouble();
            return r < puPh ? HeadStatus.PuPh : r < puPh + mcuPh ? HeadStatus.McuPh : HeadStatus.PhFullTime;
        }

        private HeadStatus StatusFor(Centre c) => c.Kind switch
        {
            CentreKind.ReferenceSite when c.Role == SiteRole.Coordinating => DrawStatus(0.88, 0.06),
            CentreKind.ReferenceSite => DrawStatus(0.55, 0.17),
            CentreKind.CompetenceCentre => DrawStatus(0.22, 0.13),
            _ => DrawStatus(0.30, 0.10),
        };

        private void AddMandate(Person p, MandateRole role, DateOnly from, DateOnly? to, string? centre = null, string? filiere = null, string? platform = null) =>
            _mandates.Add(new Mandate { PersonId = p.Id, Role = role, From = from, To = to, CentreId = centre, FiliereAcronym = filiere, PlatformId = platform });

        private DateOnly MonthStart(int fromYear, int toYear, int maxMonth = 12) =>
            new(fromYear + _rng.Next(toYear - fromYear + 1), 1 + _rng.Next(maxMonth), 1);

        private void BuildHeads()
        {
            foreach (var c in _centres)
            {
                var end = c.Closed ? End2017 : (DateOnly?)null;
                // Succession dates within the centre's history.
                var changes = new List<DateOnly>();
                if (c.Since < Start2023)
                {
                    if (_rng.NextDouble() < 0.04) changes.Add(MonthStart(2019, 2022));
                    if (!c.Closed && _rng.NextDouble() < 0.12) changes.Add(Start2023);
                }
                if (!c.Closed && _rng.NextDouble() < 0.025) changes.Add(MonthStart(2025, 2025, 9));
                var from = c.Since;
                foreach (var change in changes.Append(DateOnly.MaxValue))
                {
                    var to = change == DateOnly.MaxValue ? end : change.AddDays(-1);
                    var person = NewPerson(StatusFor(c.Centre), from);
                    AddMandate(person, MandateRole.CentreHead, from, to, centre: c.Centre.Id);
                    from = change;
                }
            }

            // Compliance demo cases among the current heads.
            var personById = _people.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var centreById = _centres.ToDictionary(c => c.Centre.Id, c => c.Centre, StringComparer.Ordinal);
            var currentHeads = _mandates.Where(m => m.To is null && m.Role == MandateRole.CentreHead).ToList();
            List<Person> HeadsOf(Func<Centre, bool> which) =>
                currentHeads.Where(m => which(centreById[m.CentreId!])).Select(m => personById[m.PersonId])
                    .Where(p => p.Status != HeadStatus.ConsultantProfessor && p.Status != HeadStatus.PhPartTime && p.Status != HeadStatus.Contractual).ToList();

            var coordinating = HeadsOf(c => c.Role == SiteRole.Coordinating);
            var over68 = Sample(coordinating.Where(p => p.Status == HeadStatus.PuPh).ToList(), 1);
            foreach (var p in over68)
                MakeConsultant(p, new DateOnly(1954, 1 + _rng.Next(12), 1 + _rng.Next(28)), clinical: true);
            var sites = HeadsOf(c => c.Kind == CentreKind.ReferenceSite).Where(p => p.Status == HeadStatus.PuPh).ToList();
            var consultants = Sample(sites, 4);
            for (var i = 0; i < consultants.Count; i++)
                MakeConsultant(consultants[i], new DateOnly(1957 + (i % 2), 1 + _rng.Next(12), 1 + _rng.Next(28)), clinical: i != 0);
            foreach (var p in Sample(HeadsOf(c => c.Role == SiteRole.Constitutive), 1)) SetStatus(p, HeadStatus.PhPartTime);
            var ccmrHeads = Sample(HeadsOf(c => c.Kind == CentreKind.CompetenceCentre), 8);
            for (var i = 0; i < ccmrHeads.Count; i++) SetStatus(ccmrHeads[i], i < 5 ? HeadStatus.PhPartTime : HeadStatus.Contractual);

            foreach (var p in _platforms)
            {
                var head = NewPerson(DrawStatus(0.7, 0.0), _platformSince[p.Id]);
                AddMandate(head, MandateRole.PlatformHead, _platformSince[p.Id], null, platform: p.Id);
            }
        }

        private static void MakeConsultant(Person p, DateOnly birth, bool clinical)
        {
            p.Status = HeadStatus.ConsultantProfessor;
            p.Title = "Pr";
            p.BirthDate = birth;
            p.ClinicalActivity = clinical;
        }

        private static void SetStatus(Person p, HeadStatus status)
        {
            p.Status = status;
            p.Title = TitleOf(status);
        }

        private void BuildCoordinators()
        {
            var personById = _people.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var successions = Sample(_filieres, Math.Min(4, _filieres.Count)).Select(f => f.Acronym).ToHashSet(StringComparer.Ordinal);
            foreach (var f in _filieres)
            {
                // PU-PH heads of the filière's reference sites, coordinating sites first.
                var siteIds = _networks.Where(n => n.Network.FiliereAcronym == f.Acronym)
                    .SelectMany(n => n.Sites.OrderBy(s => s.Centre.Role == SiteRole.Coordinating ? 0 : 1))
                    .Select(s => s.Centre.Id).ToList();
                var candidates = siteIds
                    .SelectMany(id => _mandates.Where(m => m.CentreId == id && m.Role == MandateRole.CentreHead && m.CoversDate(StartFsmr2019)))
                    .Select(m => personById[m.PersonId]).Where(p => p.Status == HeadStatus.PuPh).Distinct().ToList();
                var first = candidates.FirstOrDefault() ?? NewPerson(HeadStatus.PuPh, StartFsmr2019);
                if (successions.Contains(f.Acronym))
                {
                    AddMandate(first, MandateRole.FiliereCoordinator, StartFsmr2019, EndFsmr2019, filiere: f.Acronym);
                    var second = candidates.Skip(1).FirstOrDefault() ?? NewPerson(HeadStatus.PuPh, StartFsmr2025);
                    AddMandate(second, MandateRole.FiliereCoordinator, StartFsmr2025, null, filiere: f.Acronym);
                }
                else
                    AddMandate(first, MandateRole.FiliereCoordinator, StartFsmr2019, null, filiere: f.Acronym);
            }
        }

        // ---------- associations ----------

        private void BuildAssociations()
        {
            const int total = 220;
            var filieres = inputs.Filieres.Select(f => (f.Acronym, Plan: PlanFor(f), Nets: _networks.Where(n => n.Network.FiliereAcronym == f.Acronym).ToList()))
                .Where(x => x.Nets.Count > 0).ToList();
            if (filieres.Count == 0) return;
            var counts = filieres.Select(x => x.Plan.Associations > 0 ? x.Plan.Associations : 4).ToArray();
            var free = filieres.Select((x, i) => (x, i)).Where(t => t.x.Plan.Associations == 0).Select(t => t.i).ToList();
            for (var remaining = total - counts.Sum(); remaining > 0 && free.Count > 0; remaining--)
                counts[Pick(free, i => filieres[i].Nets.Count(n => !n.Dropped))]++;

            string[] prefixes = ["Association", "Alliance", "Collectif", "Union", "Fédération", "Amicale"];
            var names = new HashSet<string>(StringComparer.Ordinal);
            var seq = 0;
            for (var fi = 0; fi < filieres.Count; fi++)
            {
                var (acronym, _, nets) = filieres[fi];
                var current = nets.Where(n => !n.Dropped).ToList();
                for (var k = 0; k < counts[fi]; k++)
                {
                    seq++;
                    var id = "ASSO-" + seq.ToString("D3", CultureInfo.InvariantCulture);
                    var network = current[_rng.Next(current.Count)];
                    var site = network.Sites[_rng.Next(network.Sites.Count)];
                    var dep = _establishments.First(e => e.Finess == site.Centre.EstablishmentFiness).DepartementCode;
                    var baseName = $"{prefixes[_rng.Next(prefixes.Length)]} {network.ThemeCore}";
                    var name = baseName + " (fictive)";
                    if (!names.Add(name))
                    {
                        var region = _regions.FirstOrDefault(r => r.Code == RegionOf(dep))?.Name ?? dep;
                        name = $"{baseName} – {region} (fictive)";
                        for (var n = 2; !names.Add(name); n++)
                            name = $"{baseName} – {region} {n.ToString(CultureInfo.InvariantCulture)} (fictive)";
                    }
                    var a = new Association { Id = id, Name = name, DepartementCode = dep };
                    a.Conventions.Add(new AssociationConvention
                    {
                        AssociationId = id, TargetKind = ConventionTarget.Filiere, TargetId = acronym, SignedOn = Day(2015, 2022),
                    });
                    var ended = _rng.NextDouble() < 0.05;
                    a.Conventions.Add(new AssociationConvention
                    {
                        AssociationId = id, TargetKind = ConventionTarget.Network, TargetId = network.Network.Id, SignedOn = Day(2018, 2023),
                        EndsOn = ended ? new DateOnly(2022, 12, 31) : null,
                    });
                    if (ended || (current.Count > 1 && _rng.NextDouble() < 0.3))
                    {
                        var other = current.Where(n => n != network).ToList();
                        if (other.Count > 0)
                            a.Conventions.Add(new AssociationConvention
                            {
                                AssociationId = id, TargetKind = ConventionTarget.Network, TargetId = other[_rng.Next(other.Count)].Network.Id,
                                SignedOn = Day(2023, 2024),
                            });
                    }
                    if (_rng.NextDouble() < 0.25)
                    {
                        var open = network.Sites.Where(s => !s.Closed).ToList();
                        if (open.Count > 0)
                            a.Conventions.Add(new AssociationConvention
                            {
                                AssociationId = id, TargetKind = ConventionTarget.Centre, TargetId = open[_rng.Next(open.Count)].Centre.Id,
                                SignedOn = Day(2019, 2024),
                            });
                    }
                    _associations.Add(a);
                }
            }
        }

        private DateOnly Day(int fromYear, int toYear) => new(fromYear + _rng.Next(toYear - fromYear + 1), 1 + _rng.Next(12), 1 + _rng.Next(28));

        // ---------- labels ----------

        private List<LabellingPeriod> BuildLabels()
        {
            var periods = new List<LabellingPeriod>
            {
                new() { Id = Period2017, Scope = PeriodScope.Centres, Start = Start2017, End = End2017, Reference = "Arrêtés des 9 mai 2017 et 25 novembre 2017" },
                new() { Id = Period2023, Scope = PeriodScope.Centres, Start = Start2023, End = End2023, Reference = "Arrêté du 29 décembre 2023" },
                new() { Id = PeriodFsmr2019, Scope = PeriodScope.Filieres, Start = StartFsmr2019, End = EndFsmr2019, Reference = "Labellisation des filières de juillet 2019" },
                new() { Id = PeriodFsmr2025, Scope = PeriodScope.Filieres, Start = StartFsmr2025, End = EndFsmr2025, Reference = "Arrêté du 24 juillet 2025" },
            };
            foreach (var f in _filieres)
            {
                _labels.Add(new Label { PeriodId = PeriodFsmr2019, FiliereAcronym = f.Acronym, Decision = LabelDecision.Labelled, ValidFrom = StartFsmr2019, ValidTo = EndFsmr2019 });
                _labels.Add(new Label { PeriodId = PeriodFsmr2025, FiliereAcronym = f.Acronym, Decision = LabelDecision.Labelled, ValidFrom = StartFsmr2025, ValidTo = EndFsmr2025 });
            }
            foreach (var n in _networks)
            {
                if (!n.New2023)
                    _labels.Add(new Label { PeriodId = Period2017, NetworkId = n.Network.Id, Decision = LabelDecision.Labelled, ValidFrom = n.Since2017, ValidTo = End2017 });
                if (!n.Dropped)
                    _labels.Add(new Label { PeriodId = Period2023, NetworkId = n.Network.Id, Decision = LabelDecision.Labelled, ValidFrom = Start2023, ValidTo = End2023 });
            }
            var reservations2023 = new HashSet<string>(StringComparer.Ordinal);
            var open = _centres.Where(c => !c.Closed).ToList();
            foreach (var c in Sample(open.Where(c => c.Centre.Kind == CentreKind.ReferenceSite && c.Centre.Role == SiteRole.Constitutive).ToList(), 8)
                .Concat(Sample(open.Where(c => c.Centre.Kind == CentreKind.CompetenceCentre).ToList(), 12))
                .Concat(Sample(open.Where(c => c.Centre.Kind == CentreKind.ResourceCentre).ToList(), 1)))
                reservations2023.Add(c.Centre.Id);
            var reservations2017 = Sample(_centres.Where(c => c.Since < Start2023).ToList(), 5).Select(c => c.Centre.Id).ToHashSet(StringComparer.Ordinal);
            const string reservationNote = "Labellisation avec réserve : file active en dessous du seuil, à confirmer par les données de la BNDMR.";
            foreach (var c in _centres)
            {
                var id = c.Centre.Id;
                if (c.Since < Start2023)
                {
                    var reserved = reservations2017.Contains(id);
                    _labels.Add(new Label
                    {
                        PeriodId = Period2017, CentreId = id, ValidFrom = c.Since, ValidTo = End2017,
                        Decision = reserved ? LabelDecision.LabelledWithReservations : LabelDecision.Labelled, Note = reserved ? reservationNote : null,
                    });
                }
                if (!c.Closed)
                {
                    var reserved = reservations2023.Contains(id);
                    _labels.Add(new Label
                    {
                        PeriodId = Period2023, CentreId = id, ValidFrom = Start2023, ValidTo = End2023,
                        Decision = reserved ? LabelDecision.LabelledWithReservations : LabelDecision.Labelled, Note = reserved ? reservationNote : null,
                    });
                }
            }
            foreach (var p in _platforms)
            {
                _labels.Add(new Label { PeriodId = Period2017, PlatformId = p.Id, Decision = LabelDecision.Labelled, ValidFrom = _platformSince[p.Id], ValidTo = End2017 });
                _labels.Add(new Label { PeriodId = Period2023, PlatformId = p.Id, Decision = LabelDecision.Labelled, ValidFrom = Start2023, ValidTo = End2023 });
            }
            return periods;
        }

        // ---------- random helpers ----------

        private T? Pick<T>(IReadOnlyList<T> items, Func<T, double> weight) where T : class
        {
            if (items.Count == 0) return null;
            var total = 0.0;
            foreach (var i in items) total += Math.Max(0, weight(i));
            if (total <= 0) return items[_rng.Next(items.Count)];
            var r = _rng.NextDouble() * total;
            foreach (var i in items)
            {
                r -= Math.Max(0, weight(i));
                if (r < 0) return i;
            }
            return items[^1];
        }

        private int Pick(IReadOnlyList<int> items, Func<int, double> weight)
        {
            var total = items.Sum(i => Math.Max(0, weight(i)));
            if (total <= 0) return items[_rng.Next(items.Count)];
            var r = _rng.NextDouble() * total;
            foreach (var i in items)
            {
                r -= Math.Max(0, weight(i));
                if (r < 0) return i;
            }
            return items[^1];
        }

        /// <summary>Up to <paramref name="count"/> distinct items, in a random order.</summary>
        private List<T> Sample<T>(IReadOnlyList<T> items, int count)
        {
            var copy = items.ToList();
            var n = Math.Min(count, copy.Count);
            for (var i = 0; i < n; i++)
            {
                var j = i + _rng.Next(copy.Count - i);
                (copy[i], copy[j]) = (copy[j], copy[i]);
            }
            return copy.Take(n).ToList();
        }

        /// <summary>Splits <paramref name="total"/> among <paramref name="items"/> by weight (one each first when asked and possible).</summary>
        private int[] Allocate<T>(int total, IReadOnlyList<T> items, Func<T, double> weight, bool minimumOne)
        {
            var result = new int[items.Count];
            if (items.Count == 0) return result;
            var left = total;
            if (minimumOne && total >= items.Count)
            {
                for (var i = 0; i < items.Count; i++) result[i] = 1;
                left -= items.Count;
            }
            var indexes = Enumerable.Range(0, items.Count).ToList();
            for (; left > 0; left--) result[Pick(indexes, i => weight(items[i]))]++;
            return result;
        }
    }

    /// <summary>Lower case, no diacritics, letters and digits separated by single spaces.</summary>
    internal static string Normalize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
        }
        return sb.ToString().TrimEnd();
    }
}
