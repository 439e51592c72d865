namespace Maillage.Domain.Registry;

// Registry entities. Plain classes mapped by EF Core in Maillage.Core (Data/RegistryConfigurations.cs).
// Identifiers of structures are stable strings (e.g. "CRMR-CARDIOGEN-01", "SITE-000123"): they key imports,
// exports, the API and the activity extracts, and never change.

public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? ArsName { get; set; }
    public long Population { get; set; }
    public bool Overseas { get; set; }
}

public sealed class Departement
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public Region? Region { get; set; }
    public long Population { get; set; }
}

public sealed class Establishment : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    /// <summary>FINESS number (EJ or ET).</summary>
    public required string Finess { get; set; }
    public EstablishmentLevel Level { get; set; }
    /// <summary>For an ET: the FINESS of its legal entity (EJ).</summary>
    public string? LegalEntityFiness { get; set; }
    public Establishment? LegalEntity { get; set; }
    public required string Name { get; set; }
    public EstablishmentCategory Category { get; set; }
    public string? Commune { get; set; }
    public string? PostalCode { get; set; }
    public required string DepartementCode { get; set; }
    public Departement? Departement { get; set; }
    /// <summary>Optional grouping, e.g. an AP-HP hospital group (GHU).</summary>
    public string? GroupName { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
}

public sealed class Ern
{
    public required string Acronym { get; set; }
    public required string Name { get; set; }
}

public sealed class Filiere : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string Acronym { get; set; }
    public required string Name { get; set; }
    public string? HostFiness { get; set; }
    public Establishment? Host { get; set; }
    /// <summary>True while the host establishment has not been confirmed from an official source.</summary>
    public bool HostUnverified { get; set; }
    public string? Website { get; set; }
    public List<FiliereErn> Erns { get; set; } = [];
}

public sealed class FiliereErn
{
    public required string FiliereAcronym { get; set; }
    public required string ErnAcronym { get; set; }
    public bool IsMain { get; set; }
}

/// <summary>CRMR: a multi-site reference-centre network.</summary>
public sealed class Network : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Acronym { get; set; }
    public required string FiliereAcronym { get; set; }
    public Filiere? Filiere { get; set; }
    public ThresholdField Field { get; set; }
    public AgeValence AgeValence { get; set; }
    public List<NetworkDisease> Perimeter { get; set; } = [];
    public List<NetworkErn> Erns { get; set; } = [];
    public List<Centre> Sites { get; set; } = [];
}

public sealed class NetworkDisease
{
    public required string NetworkId { get; set; }
    public int OrphaCode { get; set; }
}

public sealed class NetworkErn
{
    public required string NetworkId { get; set; }
    public required string ErnAcronym { get; set; }
}

/// <summary>A labelled unit in one establishment (ET): a CRMR site, a CCMR or a CRC.</summary>
public sealed class Centre : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string Id { get; set; }
    public CentreKind Kind { get; set; }
    /// <summary>For a reference site: coordinating or constitutive.</summary>
    public SiteRole? Role { get; set; }
    /// <summary>For a reference site: its network.</summary>
    public string? NetworkId { get; set; }
    public Network? Network { get; set; }
    /// <summary>For a CRC: its kind.</summary>
    public ResourceCentreKind? ResourceKind { get; set; }
    /// <summary>Name of the centre (usually the service or department that hosts it).</summary>
    public required string Name { get; set; }
    public required string EstablishmentFiness { get; set; }
    public Establishment? Establishment { get; set; }
    /// <summary>Earlier labelled unit this one continues (e.g. a CCMR that became a constitutive site).</summary>
    public string? PredecessorId { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    /// <summary>Set when the unit stops (not relabelled, merged, moved): rules apply to open units only.</summary>
    public DateOnly? ClosedOn { get; set; }
    /// <summary>For CCMR and CRC: the networks they are functionally attached to.</summary>
    public List<CentreAttachment> Attachments { get; set; } = [];
}

public sealed class CentreAttachment
{
    public required string CentreId { get; set; }
    public required string NetworkId { get; set; }
}

/// <summary>An expertise platform (PEMR) or an overseas coordination platform.</summary>
public sealed class Platform : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string Id { get; set; }
    public PlatformKind Kind { get; set; }
    public required string Name { get; set; }
    public required string HostFiness { get; set; }
    public Establishment? Host { get; set; }
    public string? RegionCode { get; set; }
    public List<PlatformEstablishment> Establishments { get; set; } = [];
    public List<PlatformCentre> Centres { get; set; } = [];
}

public sealed class PlatformEstablishment
{
    public required string PlatformId { get; set; }
    public required string Finess { get; set; }
}

public sealed class PlatformCentre
{
    public required string PlatformId { get; set; }
    public required string CentreId { get; set; }
}

public sealed class Person : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string Id { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    /// <summary>Professional title shown publicly ("Pr", "Dr").</summary>
    public string? Title { get; set; }
    public string? Rpps { get; set; }
    public HeadStatus Status { get; set; }
    public DateOnly? BirthDate { get; set; }
    /// <summary>Keeps a clinical activity (matters for consultant professors over 65).</summary>
    public bool ClinicalActivity { get; set; } = true;
    public string? Email { get; set; }

    public string DisplayName => string.IsNullOrEmpty(Title) ? $"{FirstName} {LastName}" : $"{Title} {FirstName} {LastName}";
}

/// <summary>A role held by a person on a structure, with dates: the history of heads and coordinators.</summary>
public sealed class Mandate
{
    public int Id { get; set; }
    public required string PersonId { get; set; }
    public Person? Person { get; set; }
    public MandateRole Role { get; set; }
    public string? CentreId { get; set; }
    public string? FiliereAcronym { get; set; }
    public string? PlatformId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }

    public bool CoversDate(DateOnly d) => From <= d && (To is null || To >= d);
}

public sealed class Association : IVersioned
{
    /// <inheritdoc />
    public int Version { get; set; }

    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Acronym { get; set; }
    public string? Website { get; set; }
    public string? DepartementCode { get; set; }
    public List<AssociationConvention> Conventions { get; set; } = [];
}

public sealed class AssociationConvention
{
    public int Id { get; set; }
    public required string AssociationId { get; set; }
    public ConventionTarget TargetKind { get; set; }
    public required string TargetId { get; set; }
    public DateOnly SignedOn { get; set; }
    public DateOnly? EndsOn { get; set; }
}

public sealed class LabellingPeriod
{
    public required string Id { get; set; }
    public PeriodScope Scope { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly End { get; set; }
    /// <summary>The arrêté or decision that opened the period.</summary>
    public string? Reference { get; set; }
}

/// <summary>One structure's label for one period. A structure exists "as of D" when a label covers D.</summary>
public sealed class Label
{
    public int Id { get; set; }
    public required string PeriodId { get; set; }
    public string? NetworkId { get; set; }
    public string? CentreId { get; set; }
    public string? PlatformId { get; set; }
    public string? FiliereAcronym { get; set; }
    public LabelDecision Decision { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public string? Note { get; set; }

    public bool CoversDate(DateOnly d) => Decision != LabelDecision.NotRetained && ValidFrom <= d && (ValidTo is null || ValidTo >= d);

    public string SubjectId => NetworkId ?? CentreId ?? PlatformId ?? FiliereAcronym ?? "";
}

/// <summary>An ORPHA nomenclature entry (Orphanet, INSERM — CC BY 4.0).</summary>
public sealed class OrphaDisease
{
    public int Code { get; set; }
    public required string NameEn { get; set; }
    public string? NameFr { get; set; }
    /// <summary>Active, or an inactive status (e.g. "Inactive: obsolete").</summary>
    public required string Status { get; set; }
    public bool IsActive => Status.Equals("Active", StringComparison.OrdinalIgnoreCase);
    public string? ClassificationLevel { get; set; }
    public string? DisorderType { get; set; }
    /// <summary>Synonyms, " | "-separated (French and English).</summary>
    public string? Synonyms { get; set; }
    /// <summary>For an inactive code: the code it was moved to, if any.</summary>
    public int? RedirectTo { get; set; }
}

/// <summary>A parent → child edge of an Orphanet classification.</summary>
public sealed class OrphaEdge
{
    public int ParentCode { get; set; }
    public int ChildCode { get; set; }
    public int ClassificationId { get; set; }
}

/// <summary>
/// An editable aggregate with an optimistic-concurrency version: 1 when created, incremented by every save of the
/// aggregate or of one of its parts (MaillageDbContext), checked by the UPDATE (a write made from a stale version fails
/// instead of silently overwriting). The API shows it as the ETag; forms carry it in a hidden field (docs/security.md).
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
