namespace Maillage.Core.Demo;

/// <summary>A geographic site (ET) of a hospital in the demo catalogue.</summary>
/// <remarks><paramref name="Latitude"/>/<paramref name="Longitude"/>: the commune's approximate centre, for sites outside their
/// hospital's city (a site in the city is placed near the hospital's point); the directory's map and distances use them.</remarks>
internal sealed record CatalogSite(string Name, string Departement, string Commune, string? PostalCode = null, string? Group = null, double Weight = 1,
    double? Latitude = null, double? Longitude = null);

/// <summary>A university hospital (or large hospital) of the catalogue: one EJ and its ET.</summary>
internal sealed record CatalogHospital(
    string Key, string Name, Maillage.Domain.Registry.EstablishmentCategory Category, string Departement, string City,
    double Latitude, double Longitude, double CoordinatingWeight, double SiteWeight, CatalogSite[] Sites, string? PostalCode = null);

/// <summary>How many networks, constitutive sites and CCMR a filière has in 2023-2028, and how its networks are named.</summary>
internal sealed record FilierePlan(string Acronym, int Networks, int Constitutive, int Ccmr, string Service, string[] Themes, int Associations = 0);

/// <summary>Hard-coded catalogue of the demo data: public hospitals by city, network themes, common French names.</summary>
internal static class DemoCatalog
{
    private static CatalogSite[] ChuSites(string chu, string dep, string city, int count) =>
        [.. new[] { "site principal", "hôpital mère-enfant", "hôpital Nord" }.Take(count)
            .Select((s, i) => new CatalogSite($"{chu} – {s}", dep, city, Weight: i == 0 ? 0.6 : i == 1 ? 0.28 : 0.12))];

    private static CatalogHospital Chu(string city, string dep, double lat, double lon, double coord, double site, int sites, string? name = null, Domain.Registry.EstablishmentCategory category = Domain.Registry.EstablishmentCategory.Chu)
    {
        var n = name ?? $"CHU de {city}";
        return new CatalogHospital(city, n, category, dep, city, lat, lon, coord, site, ChuSites(n, dep, city, sites));
    }

    public static IReadOnlyList<CatalogHospital> Hospitals { get; } =
    [
        new("AP-HP", "Assistance publique – Hôpitaux de Paris (AP-HP)", Domain.Registry.EstablishmentCategory.Chu, "75", "Paris", 48.8566, 2.3522, 40, 22,
        [
            new("AP-HP – Hôpital Cochin", "75", "Paris", "75014", "GHU AP-HP.Centre – Université Paris Cité"),
            new("AP-HP – Hôpital Necker-Enfants malades", "75", "Paris", "75015", "GHU AP-HP.Centre – Université Paris Cité", 1.6),
            new("AP-HP – Hôpital européen Georges-Pompidou", "75", "Paris", "75015", "GHU AP-HP.Centre – Université Paris Cité"),
            new("AP-HP – Hôpital de la Pitié-Salpêtrière", "75", "Paris", "75013", "GHU AP-HP.Sorbonne Université", 1.6),
            new("AP-HP – Hôpital Saint-Antoine", "75", "Paris", "75012", "GHU AP-HP.Sorbonne Université"),
            new("AP-HP – Hôpital Armand-Trousseau", "75", "Paris", "75012", "GHU AP-HP.Sorbonne Université"),
            new("AP-HP – Hôpital Tenon", "75", "Paris", "75020", "GHU AP-HP.Sorbonne Université", 0.6),
            new("AP-HP – Hôpital Bichat-Claude-Bernard", "75", "Paris", "75018", "GHU AP-HP.Nord – Université Paris Cité"),
            new("AP-HP – Hôpital Robert-Debré", "75", "Paris", "75019", "GHU AP-HP.Nord – Université Paris Cité", 1.3),
            new("AP-HP – Hôpital Lariboisière", "75", "Paris", "75010", "GHU AP-HP.Nord – Université Paris Cité", 0.7),
            new("AP-HP – Hôpital Saint-Louis", "75", "Paris", "75010", "GHU AP-HP.Nord – Université Paris Cité"),
            new("AP-HP – Hôpital Beaujon", "92", "Clichy", "92110", "GHU AP-HP.Nord – Université Paris Cité", 0.5, Latitude: 48.9044, Longitude: 2.3064),
            new("AP-HP – Hôpital Bicêtre", "94", "Le Kremlin-Bicêtre", "94270", "GHU AP-HP.Université Paris-Saclay", 1.2, Latitude: 48.8104, Longitude: 2.356),
            new("AP-HP – Hôpital Antoine-Béclère", "92", "Clamart", "92140", "GHU AP-HP.Université Paris-Saclay", 0.5, Latitude: 48.8003, Longitude: 2.2667),
            new("AP-HP – Hôpital Paul-Brousse", "94", "Villejuif", "94800", "GHU AP-HP.Université Paris-Saclay", 0.4, Latitude: 48.7922, Longitude: 2.3634),
            new("AP-HP – Hôpital Ambroise-Paré", "92", "Boulogne-Billancourt", "92100", "GHU AP-HP.Université Paris-Saclay", 0.6, Latitude: 48.8353, Longitude: 2.2411),
            new("AP-HP – Hôpital Raymond-Poincaré", "92", "Garches", "92380", "GHU AP-HP.Université Paris-Saclay", 0.6, Latitude: 48.8456, Longitude: 2.187),
            new("AP-HP – Hôpital Henri-Mondor", "94", "Créteil", "94000", "GHU AP-HP.Hôpitaux universitaires Henri-Mondor", 0.9, Latitude: 48.7904, Longitude: 2.4556),
            new("AP-HP – Hôpital Avicenne", "93", "Bobigny", "93000", "GHU AP-HP.Hôpitaux universitaires Paris Seine-Saint-Denis", 0.6, Latitude: 48.9077, Longitude: 2.4397),
            new("AP-HP – Hôpital Jean-Verdier", "93", "Bondy", "93140", "GHU AP-HP.Hôpitaux universitaires Paris Seine-Saint-Denis", 0.3, Latitude: 48.9022, Longitude: 2.4828),
        ], "75012"),
        new("HCL", "Hospices civils de Lyon (HCL)", Domain.Registry.EstablishmentCategory.Chu, "69", "Lyon", 45.7640, 4.8357, 8, 9,
        [
            new("Hospices civils de Lyon – Groupement hospitalier Centre", "69", "Lyon", "69003", "HCL", 0.3),
            new("Hospices civils de Lyon – Groupement hospitalier Est", "69", "Bron", "69500", "HCL", 0.4, Latitude: 45.7386, Longitude: 4.9127),
            new("Hospices civils de Lyon – Groupement hospitalier Sud", "69", "Pierre-Bénite", "69310", "HCL", 0.15, Latitude: 45.7036, Longitude: 4.8244),
            new("Hospices civils de Lyon – Hôpital de la Croix-Rousse", "69", "Lyon", "69004", "HCL", 0.15),
        ], "69002"),
        new("AP-HM", "Assistance publique – Hôpitaux de Marseille (AP-HM)", Domain.Registry.EstablishmentCategory.Chu, "13", "Marseille", 43.2965, 5.3698, 6, 7,
        [
            new("AP-HM – Hôpital de la Timone", "13", "Marseille", "13005", "AP-HM", 0.6),
            new("AP-HM – Hôpital Nord", "13", "Marseille", "13015", "AP-HM", 0.25),
            new("AP-HM – Hôpital de la Conception", "13", "Marseille", "13005", "AP-HM", 0.15),
        ], "13005"),
        Chu("Lille", "59", 50.6292, 3.0573, 6, 7, 3),
        Chu("Toulouse", "31", 43.6047, 1.4442, 5, 6, 3),
        Chu("Bordeaux", "33", 44.8378, -0.5792, 5, 6, 3),
        Chu("Nantes", "44", 47.2184, -1.5536, 4, 5, 2),
        Chu("Montpellier", "34", 43.6108, 3.8767, 4, 5, 3),
        Chu("Strasbourg", "67", 48.5734, 7.7521, 4, 5, 2, "Hôpitaux universitaires de Strasbourg"),
        Chu("Rennes", "35", 48.1173, -1.6778, 3, 4, 2),
        Chu("Grenoble", "38", 45.1885, 5.7245, 2, 4, 2, "CHU Grenoble Alpes"),
        Chu("Nice", "06", 43.7102, 7.2620, 2, 3, 2),
        Chu("Tours", "37", 47.3941, 0.6848, 2, 4, 2),
        Chu("Dijon", "21", 47.3220, 5.0415, 2, 3, 2, "CHU Dijon Bourgogne"),
        Chu("Rouen", "76", 49.4432, 1.0999, 2, 4, 2),
        Chu("Nancy", "54", 48.6921, 6.1844, 2, 4, 2, "CHRU de Nancy"),
        Chu("Clermont-Ferrand", "63", 45.7772, 3.0870, 1, 3, 2),
        Chu("Angers", "49", 47.4784, -0.5632, 1, 3, 1),
        Chu("Brest", "29", 48.3904, -4.4861, 1, 3, 1),
        Chu("Limoges", "87", 45.8336, 1.2611, 1, 3, 2),
        Chu("Poitiers", "86", 46.5802, 0.3404, 1, 3, 1),
        Chu("Reims", "51", 49.2583, 4.0317, 1, 3, 2),
        Chu("Caen", "14", 49.1829, -0.3707, 1, 3, 1),
        Chu("Amiens", "80", 49.8941, 2.2958, 1, 3, 1, "CHU Amiens-Picardie"),
        Chu("Besançon", "25", 47.2378, 6.0241, 1, 3, 1),
        Chu("Saint-Étienne", "42", 45.4397, 4.3872, 1, 3, 2),
        Chu("Nîmes", "30", 43.8367, 4.3601, 0, 2, 1),
        Chu("Orléans", "45", 47.9030, 1.9093, 0, 1, 1, "CHU d'Orléans"),
        new("Metz", "CHR Metz-Thionville", Domain.Registry.EstablishmentCategory.Chu, "57", "Metz", 49.1193, 6.1757, 0, 1,
        [
            new("CHR Metz-Thionville – site de Metz", "57", "Metz", Weight: 0.7),
            new("CHR Metz-Thionville – site de Thionville", "57", "Thionville", Weight: 0.3, Latitude: 49.3579, Longitude: 6.1684),
        ]),
        new("Guadeloupe", "CHU de la Guadeloupe", Domain.Registry.EstablishmentCategory.Chu, "971", "Pointe-à-Pitre", 16.2411, -61.5331, 0, 1,
            [new("CHU de la Guadeloupe – site principal", "971", "Pointe-à-Pitre")]),
        new("Basse-Terre", "Centre hospitalier de Basse-Terre", Domain.Registry.EstablishmentCategory.Ch, "971", "Basse-Terre", 15.9985, -61.7255, 0, 0,
            [new("Centre hospitalier de Basse-Terre", "971", "Basse-Terre")]),
        new("Martinique", "CHU de Martinique", Domain.Registry.EstablishmentCategory.Chu, "972", "Fort-de-France", 14.6161, -61.0588, 0, 1,
            [new("CHU de Martinique – site principal", "972", "Fort-de-France")]),
        new("Guyane", "Centre hospitalier de Cayenne", Domain.Registry.EstablishmentCategory.Ch, "973", "Cayenne", 4.9224, -52.3135, 0, 0,
            [new("Centre hospitalier de Cayenne", "973", "Cayenne")]),
        new("Réunion", "CHU de La Réunion", Domain.Registry.EstablishmentCategory.Chu, "974", "Saint-Denis", -20.8823, 55.4504, 0, 2,
        [
            new("CHU de La Réunion – site Nord", "974", "Saint-Denis", Weight: 0.6),
            new("CHU de La Réunion – site Sud", "974", "Saint-Pierre", Weight: 0.4, Latitude: -21.3393, Longitude: 55.4781),
        ]),
        new("Mayotte", "Centre hospitalier de Mayotte", Domain.Registry.EstablishmentCategory.Ch, "976", "Mamoudzou", -12.7806, 45.2279, 0, 0,
            [new("Centre hospitalier de Mayotte", "976", "Mamoudzou")]),
    ];

    /// <summary>ESPIC (private non-profit hospitals of collective interest), each one EJ and one ET.</summary>
    public static IReadOnlyList<CatalogSite> Espic { get; } =
    [
        new("Groupe hospitalier Paris Saint-Joseph", "75", "Paris", "75014"),
        new("Institut mutualiste Montsouris", "75", "Paris", "75014"),
        new("Groupement des hôpitaux de l'Institut catholique de Lille", "59", "Lille", "59000"),
        new("Hôpital Saint-Joseph (Marseille)", "13", "Marseille", "13008"),
        new("Centre hospitalier Saint-Joseph Saint-Luc", "69", "Lyon", "69007"),
        new("Hôpital d'enfants de Margency", "95", "Margency", "95580"),
    ];

    /// <summary>Current (2023-2028) plan per filière. CARDIOGEN, RespiFIL and FIMARAD are the published counts.</summary>
    public static IReadOnlyList<FilierePlan> Plans { get; } =
    [
        new("AnDDI-Rares", 6, 32, 60, "Service de génétique clinique",
        [
            "des anomalies du développement et syndromes malformatifs – Île-de-France",
            "des anomalies du développement et syndromes malformatifs – Sud-Est",
            "des anomalies du développement et syndromes malformatifs – Ouest",
            "des anomalies du développement et syndromes malformatifs – Nord-Ouest",
            "des anomalies du développement et syndromes malformatifs – Est",
            "des anomalies du développement et syndromes malformatifs – Sud-Ouest, Occitanie, Réunion",
        ]),
        new("BRAIN-TEAM", 9, 36, 130, "Service de neurologie",
        [
            "des démences rares et précoces",
            "des maladies neurogénétiques de l'adulte",
            "des leucodystrophies et leucoencéphalopathies de cause rare",
            "des maladies vasculaires rares du cerveau et de l'œil",
            "des ataxies et paraplégies spastiques héréditaires",
            "des mouvements anormaux rares",
            "des maladies inflammatoires rares du cerveau et de la moelle",
            "des encéphalites auto-immunes",
            "des narcolepsies et hypersomnies rares",
        ]),
        new("CARDIOGEN", 4, 14, 60, "Service de cardiologie",
        [
            "des cardiomyopathies et des troubles du rythme cardiaque héréditaires ou rares",
            "des malformations cardiaques congénitales complexes",
            "des maladies cardiaques héréditaires ou rares de l'enfant",
            "des troubles du rythme héréditaires et de la prévention de la mort subite",
        ], 11),
        new("DéfiScience", 6, 24, 95, "Service de neuropédiatrie",
        [
            "des déficiences intellectuelles de causes rares",
            "des épilepsies rares de l'enfant",
            "des troubles du langage et des apprentissages de causes rares",
            "des obésités de causes rares et syndromiques",
            "des polyhandicaps de causes rares",
            "des malformations et anomalies du développement cérébral",
        ]),
        new("FAI2R", 6, 30, 135, "Service de médecine interne",
        [
            "du lupus, du syndrome des antiphospholipides et des autres maladies auto-immunes rares",
            "des vascularites nécrosantes et des sclérodermies systémiques",
            "des maladies auto-inflammatoires et de l'amylose inflammatoire",
            "des rhumatismes inflammatoires et maladies auto-immunes systémiques rares de l'enfant",
            "des myosites inflammatoires",
            "des maladies auto-immunes systémiques rares du Sud-Ouest",
        ]),
        new("FAVA-Multi", 5, 18, 70, "Service de médecine vasculaire",
        [
            "des maladies vasculaires rares avec atteinte multisystémique",
            "de la télangiectasie hémorragique héréditaire",
            "des anomalies vasculaires superficielles",
            "des maladies lymphatiques primaires",
            "des maladies artérielles rares",
        ]),
        new("FILFOIE", 5, 20, 60, "Service d'hépatologie",
        [
            "des maladies inflammatoires des voies biliaires et des hépatites auto-immunes",
            "de l'atrésie des voies biliaires et des cholestases génétiques",
            "des maladies vasculaires du foie",
            "des maladies rares du foie de l'enfant",
            "des surcharges hépatiques rares",
        ]),
        new("FILNEMUS", 9, 44, 140, "Service de neurologie",
        [
            "des maladies neuromusculaires – Île-de-France",
            "des maladies neuromusculaires – Nord, Est, Île-de-France",
            "des maladies neuromusculaires – Sud-Est, Méditerranée",
            "des maladies neuromusculaires – Rhône-Alpes",
            "des maladies neuromusculaires – Atlantique, Occitanie, Caraïbe",
            "des maladies neuromusculaires – Grand Ouest",
            "des neuropathies amyloïdes familiales et autres neuropathies périphériques rares",
            "des canalopathies musculaires",
            "des maladies neuromusculaires de l'enfant",
        ]),
        new("FILSLAN", 1, 8, 0, "Service de neurologie",
        [
            "de la sclérose latérale amyotrophique et des autres maladies du neurone moteur",
        ]),
        new("FIMARAD", 5, 17, 66, "Service de dermatologie",
        [
            "des génodermatoses et maladies rares de la peau",
            "des maladies bulleuses auto-immunes",
            "des épidermolyses bulleuses héréditaires",
            "des ichtyoses et kératodermies rares",
            "des anomalies de la pigmentation et des mastocytoses cutanées",
        ]),
        new("FIMATHO", 4, 14, 60, "Service de chirurgie pédiatrique",
        [
            "des affections chroniques et malformatives de l'œsophage",
            "des maladies rares digestives",
            "des malformations ano-rectales et pelviennes rares",
            "de la hernie de coupole diaphragmatique",
        ]),
        new("FIRENDO", 6, 26, 125, "Service d'endocrinologie",
        [
            "des maladies rares de l'hypophyse",
            "des maladies rares de la surrénale",
            "des pathologies gynécologiques rares",
            "du développement génital : du fœtus à l'adulte",
            "des maladies endocriniennes rares de la croissance et du développement",
            "des pathologies rares de la sensibilité à l'insuline",
        ]),
        new("G2M", 5, 30, 95, "Service des maladies héréditaires du métabolisme",
        [
            "des maladies héréditaires du métabolisme – Île-de-France",
            "des maladies lysosomales",
            "des maladies mitochondriales",
            "des maladies héréditaires du métabolisme – Centre-Est",
            "des maladies héréditaires du métabolisme – Nord",
            "des maladies héréditaires du métabolisme hépatique",
        ]),
        new("MaRIH", 7, 26, 105, "Service d'hématologie",
        [
            "des aplasies médullaires acquises et constitutionnelles",
            "des cytopénies auto-immunes de l'adulte",
            "des déficits immunitaires héréditaires",
            "des histiocytoses",
            "des microangiopathies thrombotiques",
            "des mastocytoses",
            "des amyloses primitives et autres maladies de dépôt d'immunoglobulines monoclonales",
        ]),
        new("MCGRE", 3, 14, 50, "Service d'hématologie",
        [
            "des syndromes drépanocytaires majeurs",
            "des thalassémies",
            "des maladies constitutionnelles du globule rouge et de l'érythropoïèse",
        ]),
        new("MHEMO", 3, 10, 20, "Unité d'hémostase clinique",
        [
            "de l'hémophilie et des autres déficits constitutionnels en protéines de la coagulation",
            "de la maladie de Willebrand",
            "des pathologies plaquettaires constitutionnelles",
        ]),
        new("MUCO-CFTR", 1, 4, 0, "Service de pneumologie",
        [
            "de la mucoviscidose et des affections liées à une anomalie de CFTR",
        ]),
        new("NeuroSphinx", 2, 8, 40, "Service d'urologie",
        [
            "des malformations pelviennes et médullaires rares avec atteinte neurologique et sphinctérienne",
            "du spina bifida et des dysraphismes",
        ]),
        new("ORKID", 4, 20, 85, "Service de néphrologie",
        [
            "des maladies rénales rares du Sud-Ouest",
            "du syndrome néphrotique idiopathique",
            "des maladies rénales héréditaires de l'enfant et de l'adulte",
            "des maladies rénales rares du Nord-Ouest",
        ]),
        new("OSCAR", 6, 28, 115, "Service de rhumatologie",
        [
            "des maladies osseuses constitutionnelles",
            "des maladies rares du métabolisme du calcium et du phosphate",
            "des anomalies des membres",
            "de l'ostéogenèse imparfaite",
            "des maladies rares du cartilage",
            "des maladies rares du tissu conjonctif",
        ]),
        new("RespiFIL", 3, 21, 64, "Service de pneumologie",
        [
            "des maladies pulmonaires rares",
            "de l'hypertension pulmonaire sévère",
            "des maladies respiratoires rares de l'enfant",
        ]),
        new("SENSGENE", 6, 26, 125, "Service d'ophtalmologie",
        [
            "des affections rares en génétique ophtalmologique",
            "des surdités génétiques",
            "des kératocônes",
            "des maladies rares de la rétine",
            "des malformations rares de l'oreille",
            "des anomalies oculaires congénitales",
        ]),
        new("TETECOU", 4, 20, 100, "Service de chirurgie maxillo-faciale",
        [
            "des fentes et malformations faciales",
            "des malformations rares de la face et de la cavité buccale",
            "des manifestations odontologiques des maladies rares",
            "des craniosténoses et malformations craniofaciales",
        ]),
    ];

    /// <summary>Common French first names (mixed).</summary>
    public static IReadOnlyList<string> FirstNames { get; } =
    [
        "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie", "Christine", "Sandrine", "Sophie",
        "Céline", "Stéphanie", "Aurélie", "Julie", "Émilie", "Caroline", "Laure", "Claire", "Anne", "Hélène",
        "Camille", "Pauline", "Élodie", "Virginie", "Agnès", "Delphine", "Florence", "Mathilde", "Charlotte", "Juliette",
        "Lucie", "Clémence", "Manon", "Audrey", "Cécile", "Géraldine", "Karine", "Nadia", "Laetitia", "Béatrice",
        "Jean", "Philippe", "Michel", "Alain", "Patrick", "Nicolas", "Christophe", "Pierre", "Frédéric", "Laurent",
        "Stéphane", "Éric", "David", "Olivier", "Thierry", "Julien", "Sébastien", "Vincent", "François", "Antoine",
        "Guillaume", "Thomas", "Mathieu", "Benoît", "Jérôme", "Arnaud", "Bruno", "Fabrice", "Emmanuel", "Xavier",
        "Damien", "Romain", "Maxime", "Alexandre", "Hugo", "Yann", "Cyril", "Lionel", "Gilles", "Denis",
    ];

    /// <summary>Common French last names.</summary>
    public static IReadOnlyList<string> LastNames { get; } =
    [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
        "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
        "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André",
        "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
        "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
        "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
        "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
        "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
        "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
        "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
        "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
        "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
        "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
        "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet",
        "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
        "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
    ];
}
