using Xunit;
using Maillage.Core.Infrastructure.Auditing;
using Maillage.Core.Data;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Maillage.Web.Tests.Registry;

/// <summary>A temporary SQLite database with the schema applied; counts the entities SaveChanges writes.</summary>
public sealed class TempDb : IAsyncDisposable
{
    private readonly string _path;

    public MaillageDbContext Db { get; }

    public WriteCounter Writes { get; }

    private TempDb(string path, MaillageDbContext db, WriteCounter writes)
    {
        _path = path;
        Db = db;
        Writes = writes;
    }

    public static async Task<TempDb> CreateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"maillage-io-{Guid.NewGuid():N}.db");
        var counter = new WriteCounter();
        var options = new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite("Data Source=" + path)
            .AddInterceptors(counter, new AuditInterceptor(new FixedAuditActor("test", "import"), TimeProvider.System)).Options;
        var db = new MaillageDbContext(options);
        await SchemaMigrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        return new TempDb(path, db, counter);
    }

    /// <summary>A fresh context on the same database (nothing tracked).</summary>
    public MaillageDbContext NewContext() =>
        new(new DbContextOptionsBuilder<MaillageDbContext>().UseSqlite("Data Source=" + _path).Options);

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { File.Delete(_path); } catch (IOException) { }
    }
}

/// <summary>Counts entries added, modified or deleted by SaveChanges (what an audit interceptor would record).</summary>
public sealed class WriteCounter : SaveChangesInterceptor
{
    public int Entries { get; private set; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Entries += eventData.Context!.ChangeTracker.Entries().Count(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public sealed class FakeOrpha(params (int Code, bool Active)[] codes) : IOrphaLookup
{
    private readonly Dictionary<int, bool> _codes = codes.ToDictionary(c => c.Code, c => c.Active);

    public bool? IsActive(int code) => _codes.TryGetValue(code, out var a) ? a : null;

    public static FakeOrpha Default { get; } = new((558, true), (284, true), (166, true), (98896, true), (99999, false));
}

/// <summary>A small but complete registry: 2 regions, 3 départements (2A, 2B, 971), EJ/ET, a filière, 2 ERN, 2 networks,
/// sites, CCMR, CRC, a platform, people, mandates, associations with conventions, periods and labels.</summary>
public static class RegistryTestData
{
    public static readonly string Ej2A = Finess.Create("2A", 1).Value;
    public static readonly string Et2A = Finess.Create("2A", 2).Value;
    public static readonly string Et2B = Finess.Create("2B", 3).Value;
    public static readonly string Ej971 = Finess.Create("97", 100004).Value;
    public static readonly string Et971 = Finess.Create("97", 100005).Value;

    public static RegistryData Build()
    {
        var d = new RegistryData
        {
            Regions =
            [
                new Region { Code = "94", Name = "Corse", ArsName = "ARS de Corse", Population = 351255 },
                new Region { Code = "01", Name = "Guadeloupe", ArsName = "ARS Guadeloupe", Population = 384160, Overseas = true },
            ],
            Departements =
            [
                new Departement { Code = "2A", Name = "Corse-du-Sud", RegionCode = "94", Population = 162421 },
                new Departement { Code = "2B", Name = "Haute-Corse", RegionCode = "94", Population = 188834 },
                new Departement { Code = "971", Name = "Guadeloupe", RegionCode = "01", Population = 384160 },
            ],
            Establishments =
            [
                new Establishment { Finess = Ej2A, Level = EstablishmentLevel.LegalEntity, Name = "CH d'Ajaccio (EJ)", Category = EstablishmentCategory.Ch, DepartementCode = "2A" },
                new Establishment
                {
                    Finess = Et2A, Level = EstablishmentLevel.Site, LegalEntityFiness = Ej2A, Name = "Hôpital de la Miséricorde", Category = EstablishmentCategory.Ch,
                    Commune = "Ajaccio", PostalCode = "20000", DepartementCode = "2A", Latitude = 41.9267, Longitude = 8.7369,
                },
                new Establishment { Finess = Et2B, Level = EstablishmentLevel.Site, Name = "CH de Bastia", Category = EstablishmentCategory.Ch, Commune = "Bastia", DepartementCode = "2B", GroupName = "GHT Haute-Corse" },
                new Establishment { Finess = Ej971, Level = EstablishmentLevel.LegalEntity, Name = "CHU de la Guadeloupe", Category = EstablishmentCategory.Chu, DepartementCode = "971" },
                new Establishment
                {
                    Finess = Et971, Level = EstablishmentLevel.Site, LegalEntityFiness = Ej971, Name = "CHU de Pointe-à-Pitre", Category = EstablishmentCategory.Chu,
                    Commune = "Les Abymes", PostalCode = "97139", DepartementCode = "971", Latitude = 16.2411, Longitude = -61.5331 + 0.1,
                },
            ],
            Erns =
            [
                new Ern { Acronym = "ERN GUARD-HEART", Name = "Rare and complex diseases of the heart" },
                new Ern { Acronym = "ERN EuroBloodNet", Name = "Rare haematological diseases" },
            ],
            Filieres =
            [
                new Filiere
                {
                    Acronym = "CARDIOGEN", Name = "Maladies cardiaques héréditaires ou rares", HostFiness = Et2A, HostUnverified = true, Website = "https://www.filiere-cardiogen.fr",
                    Erns = [new FiliereErn { FiliereAcronym = "CARDIOGEN", ErnAcronym = "ERN GUARD-HEART", IsMain = true }, new FiliereErn { FiliereAcronym = "CARDIOGEN", ErnAcronym = "ERN EuroBloodNet" }],
                },
            ],
            Networks =
            [
                new Network
                {
                    Id = "CRMR-CARDIOGEN-01", Name = "Cardiomyopathies; « héréditaires »", Acronym = "CMH", FiliereAcronym = "CARDIOGEN", Field = ThresholdField.General, AgeValence = AgeValence.Both,
                    Perimeter = [new NetworkDisease { NetworkId = "CRMR-CARDIOGEN-01", OrphaCode = 558 }, new NetworkDisease { NetworkId = "CRMR-CARDIOGEN-01", OrphaCode = 284 }],
                    Erns = [new NetworkErn { NetworkId = "CRMR-CARDIOGEN-01", ErnAcronym = "ERN GUARD-HEART" }],
                },
                new Network
                {
                    Id = "CRMR-CARDIOGEN-02", Name = "Troubles \"rares\" du rythme", FiliereAcronym = "CARDIOGEN", Field = ThresholdField.Haemophilia, AgeValence = AgeValence.Paediatric,
                    Perimeter = [new NetworkDisease { NetworkId = "CRMR-CARDIOGEN-02", OrphaCode = 166 }],
                },
            ],
            Centres =
            [
                new Centre { Id = "SITE-0001", Kind = CentreKind.ReferenceSite, Role = SiteRole.Coordinating, NetworkId = "CRMR-CARDIOGEN-01", Name = "Service de cardiologie", EstablishmentFiness = Et2A, Phone = "+33 4 95 29 90 90", Email = "cardio@example.org" },
                new Centre { Id = "SITE-0002", Kind = CentreKind.ReferenceSite, Role = SiteRole.Constitutive, NetworkId = "CRMR-CARDIOGEN-01", Name = "Cardiologie pédiatrique\nbâtiment B", EstablishmentFiness = Et971 },
                new Centre { Id = "SITE-0003", Kind = CentreKind.ReferenceSite, Role = SiteRole.Coordinating, NetworkId = "CRMR-CARDIOGEN-02", Name = "Rythmologie", EstablishmentFiness = Et2B, Website = "https://example.org/rythmo" },
                new Centre
                {
                    Id = "CCMR-0001", Kind = CentreKind.CompetenceCentre, Name = "Centre de compétence Guadeloupe", EstablishmentFiness = Et971,
                    Attachments = [new CentreAttachment { CentreId = "CCMR-0001", NetworkId = "CRMR-CARDIOGEN-02" }, new CentreAttachment { CentreId = "CCMR-0001", NetworkId = "CRMR-CARDIOGEN-01" }],
                },
                new Centre
                {
                    Id = "CCMR-0002", Kind = CentreKind.CompetenceCentre, Name = "Ancien centre de compétence", EstablishmentFiness = Et2B, ClosedOn = new DateOnly(2022, 12, 31),
                },
                new Centre
                {
                    Id = "CRC-0001", Kind = CentreKind.ResourceCentre, ResourceKind = ResourceCentreKind.Mhc, Name = "CRC-MHC Corse", EstablishmentFiness = Et2B, PredecessorId = "CCMR-0002",
                    Attachments = [new CentreAttachment { CentreId = "CRC-0001", NetworkId = "CRMR-CARDIOGEN-02" }],
                },
            ],
            Platforms =
            [
                new Platform
                {
                    Id = "PF-OM-GUADELOUPE", Kind = PlatformKind.Overseas, Name = "Plateforme de coordination outre-mer Guadeloupe", HostFiness = Et971, RegionCode = "01",
                    Establishments = [new PlatformEstablishment { PlatformId = "PF-OM-GUADELOUPE", Finess = Et971 }, new PlatformEstablishment { PlatformId = "PF-OM-GUADELOUPE", Finess = Ej971 }],
                    Centres = [new PlatformCentre { PlatformId = "PF-OM-GUADELOUPE", CentreId = "SITE-0002" }, new PlatformCentre { PlatformId = "PF-OM-GUADELOUPE", CentreId = "CCMR-0001" }],
                },
            ],
            People =
            [
                new Person { Id = "P-0001", Title = "Pr", FirstName = "Élodie", LastName = "Martin-Léger", Rpps = Rpps.Create(1000000001).Value, Status = HeadStatus.PuPh, BirthDate = new DateOnly(1968, 3, 14), Email = "e.martin@example.org" },
                new Person { Id = "P-0002", Title = "Dr", FirstName = "Jean", LastName = "D'Aubigné; \"Jr\"", Rpps = Rpps.Create(1000000002).Value, Status = HeadStatus.PhFullTime },
                new Person { Id = "P-0003", FirstName = "Anne", LastName = "Rivière", Status = HeadStatus.ConsultantProfessor, BirthDate = new DateOnly(1955, 12, 1), ClinicalActivity = false },
            ],
            Mandates =
            [
                new Mandate { PersonId = "P-0001", Role = MandateRole.CentreHead, CentreId = "SITE-0001", From = new DateOnly(2023, 1, 1) },
                new Mandate { PersonId = "P-0002", Role = MandateRole.CentreHead, CentreId = "CCMR-0001", From = new DateOnly(2018, 1, 1), To = new DateOnly(2022, 12, 31) },
                new Mandate { PersonId = "P-0001", Role = MandateRole.FiliereCoordinator, FiliereAcronym = "CARDIOGEN", From = new DateOnly(2019, 7, 1) },
                new Mandate { PersonId = "P-0003", Role = MandateRole.PlatformHead, PlatformId = "PF-OM-GUADELOUPE", From = new DateOnly(2021, 6, 1) },
            ],
            Associations =
            [
                new Association
                {
                    Id = "ASSO-0001", Name = "Association des cardiomyopathies", Acronym = "ACM", Website = "https://example.org/acm", DepartementCode = "2A",
                    Conventions =
                    [
                        new AssociationConvention { AssociationId = "ASSO-0001", TargetKind = ConventionTarget.Network, TargetId = "CRMR-CARDIOGEN-01", SignedOn = new DateOnly(2020, 5, 4) },
                        new AssociationConvention { AssociationId = "ASSO-0001", TargetKind = ConventionTarget.Centre, TargetId = "CCMR-0001", SignedOn = new DateOnly(2021, 2, 1), EndsOn = new DateOnly(2026, 1, 31) },
                    ],
                },
                new Association { Id = "ASSO-0002", Name = "Rythme & vie" },
            ],
            Periods =
            [
                new LabellingPeriod { Id = "2017-2022", Scope = PeriodScope.Centres, Start = new DateOnly(2017, 1, 1), End = new DateOnly(2022, 12, 31) },
                new LabellingPeriod { Id = "2023-2028", Scope = PeriodScope.Centres, Start = new DateOnly(2023, 1, 1), End = new DateOnly(2028, 12, 31), Reference = "Arrêté du 29 décembre 2023" },
                new LabellingPeriod { Id = "FSMR-2019", Scope = PeriodScope.Filieres, Start = new DateOnly(2019, 7, 1), End = new DateOnly(2024, 6, 30) },
            ],
            Labels =
            [
                new Label { PeriodId = "2023-2028", NetworkId = "CRMR-CARDIOGEN-01", Decision = LabelDecision.Labelled, ValidFrom = new DateOnly(2023, 1, 1), ValidTo = new DateOnly(2028, 12, 31) },
                new Label { PeriodId = "2023-2028", CentreId = "SITE-0001", Decision = LabelDecision.Labelled, ValidFrom = new DateOnly(2023, 1, 1) },
                new Label { PeriodId = "2023-2028", CentreId = "CCMR-0001", Decision = LabelDecision.LabelledWithReservations, ValidFrom = new DateOnly(2023, 1, 1), Note = "Réserve : file active" },
                new Label { PeriodId = "2017-2022", CentreId = "CCMR-0002", Decision = LabelDecision.NotRetained, ValidFrom = new DateOnly(2017, 1, 1) },
                new Label { PeriodId = "2023-2028", PlatformId = "PF-OM-GUADELOUPE", Decision = LabelDecision.Labelled, ValidFrom = new DateOnly(2023, 1, 1) },
                new Label { PeriodId = "FSMR-2019", FiliereAcronym = "CARDIOGEN", Decision = LabelDecision.Labelled, ValidFrom = new DateOnly(2019, 7, 1) },
            ],
        };
        return d;
    }

    /// <summary>Number of top-level records in <see cref="Build"/>.</summary>
    public static int Count(RegistryData d) =>
        d.Regions.Count + d.Departements.Count + d.Establishments.Count + d.Erns.Count + d.Filieres.Count + d.Networks.Count + d.Centres.Count
        + d.Platforms.Count + d.People.Count + d.Mandates.Count + d.Associations.Count + d.Periods.Count + d.Labels.Count;
}
