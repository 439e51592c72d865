using Maillage.Core.Features.Registry;
using Maillage.Domain.Registry;

namespace Maillage.Web.Api.Registry;

// JSON shapes of the registry API (snake_case, enums as snake_case strings). They mirror docs/formats/registry.md.

public sealed record RegionDto(string Code, string Name, string? ArsName, long Population, bool Overseas)
{
    public static RegionDto From(Region r) => new(r.Code, r.Name, r.ArsName, r.Population, r.Overseas);
}

public sealed record DepartementDto(string Code, string Name, string RegionCode, long Population)
{
    public static DepartementDto From(Departement d) => new(d.Code, d.Name, d.RegionCode, d.Population);
}

public sealed record ErnDto(string Acronym, string Name)
{
    public static ErnDto From(Ern e) => new(e.Acronym, e.Name);
}

public sealed record EstablishmentDto(string Finess, EstablishmentLevel Level, string? LegalEntityFiness, string Name, EstablishmentCategory Category,
    string? Commune, string? PostalCode, string Departement, string? Region, string? GroupName, double? Latitude, double? Longitude)
{
    public static EstablishmentDto From(Establishment e) => new(e.Finess, e.Level, e.LegalEntityFiness, e.Name, e.Category, e.Commune, e.PostalCode,
        e.DepartementCode, e.Departement?.RegionCode, e.GroupName, e.Latitude, e.Longitude);
}

public sealed record EstablishmentInput(string? Finess, EstablishmentLevel Level, string? LegalEntityFiness, string Name, EstablishmentCategory Category,
    string? Commune, string? PostalCode, string Departement, string? GroupName, double? Latitude, double? Longitude)
{
    public void ApplyTo(Establishment e)
    {
        e.Level = Level;
        e.LegalEntityFiness = string.IsNullOrWhiteSpace(LegalEntityFiness) ? null : LegalEntityFiness.Trim();
        e.Name = Name;
        e.Category = Category;
        e.Commune = Commune;
        e.PostalCode = PostalCode;
        e.DepartementCode = Departement;
        e.GroupName = GroupName;
        e.Latitude = Latitude;
        e.Longitude = Longitude;
    }
}

public sealed record FiliereDto(string Acronym, string Name, string? HostFiness, bool HostUnverified, string? Website, IReadOnlyList<string> Erns, string? MainErn)
{
    public static FiliereDto From(Filiere f) => new(f.Acronym, f.Name, f.HostFiness, f.HostUnverified, f.Website,
        f.Erns.Select(e => e.ErnAcronym).Order(StringComparer.Ordinal).ToList(), f.Erns.FirstOrDefault(e => e.IsMain)?.ErnAcronym);
}

public sealed record FiliereInput(string Name, string? HostFiness, bool HostUnverified, string? Website)
{
    public void ApplyTo(Filiere f)
    {
        f.Name = Name;
        f.HostFiness = string.IsNullOrWhiteSpace(HostFiness) ? null : HostFiness.Trim();
        f.HostUnverified = HostUnverified;
        f.Website = Website;
    }
}

public sealed record NetworkDto(string Id, string Name, string? Acronym, string Filiere, ThresholdField Field, AgeValence AgeValence,
    IReadOnlyList<int> OrphaCodes, IReadOnlyList<string> Erns)
{
    public static NetworkDto From(Network n) => new(n.Id, n.Name, n.Acronym, n.FiliereAcronym, n.Field, n.AgeValence,
        n.Perimeter.Select(p => p.OrphaCode).Order().ToList(), n.Erns.Select(e => e.ErnAcronym).Order(StringComparer.Ordinal).ToList());
}

public sealed record NetworkInput(string? Id, string Name, string? Acronym, string Filiere, ThresholdField Field, AgeValence AgeValence,
    IReadOnlyList<int>? OrphaCodes, IReadOnlyList<string>? Erns)
{
    public void ApplyTo(Network n)
    {
        n.Name = Name;
        n.Acronym = Acronym;
        n.FiliereAcronym = Filiere;
        n.Field = Field;
        n.AgeValence = AgeValence;
        var codes = (OrphaCodes ?? []).Distinct().ToHashSet();
        n.Perimeter.RemoveAll(p => !codes.Contains(p.OrphaCode));
        foreach (var c in codes.Where(c => n.Perimeter.All(p => p.OrphaCode != c)))
            n.Perimeter.Add(new NetworkDisease { NetworkId = n.Id, OrphaCode = c });
        var erns = (Erns ?? []).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        n.Erns.RemoveAll(e => !erns.Contains(e.ErnAcronym));
        foreach (var e in erns.Where(e => n.Erns.All(x => x.ErnAcronym != e)))
            n.Erns.Add(new NetworkErn { NetworkId = n.Id, ErnAcronym = e });
    }
}

public sealed record PersonRefDto(string Id, string DisplayName);

public sealed record CentreDto(string Id, CentreKind Kind, SiteRole? Role, ResourceCentreKind? ResourceKind, string? NetworkId, string Name,
    string EstablishmentFiness, string? EstablishmentName, string? Departement, string? Region, IReadOnlyList<string> Attachments,
    IReadOnlyList<string> Filieres, string? Head, string? PredecessorId, string? Phone, string? Email, string? Website, DateOnly? ClosedOn)
{
    /// <summary>A centre with its attachments, filières and head (one centre's answer).</summary>
    public static CentreDto From(CentreDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var c = detail.Centre;
        return new CentreDto(c.Id, c.Kind, c.Role, c.ResourceKind, c.NetworkId, c.Name, c.EstablishmentFiness, c.Establishment?.Name,
            c.Establishment?.DepartementCode, c.Establishment?.Departement?.RegionCode,
            c.Attachments.Select(a => a.NetworkId).Order(StringComparer.Ordinal).ToList(), detail.Filieres, detail.HeadName,
            c.PredecessorId, c.Phone, c.Email, c.Website, c.ClosedOn);
    }

    /// <summary>A line of a centre list (no attachments, contact or predecessor: those are on the centre's own answer).</summary>
    public static CentreDto From(CentreRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new CentreDto(r.Id, r.Kind, r.Role, r.ResourceKind, r.NetworkId, r.Name, r.EstablishmentFiness,
            r.EstablishmentName, r.DepartementCode, r.RegionCode, [], r.Filieres, r.HeadName, null, null, null, null, null);
    }
}

public sealed record CentreInput(string? Id, SiteRole? Role, ResourceCentreKind? ResourceKind, string? NetworkId, string Name,
    string EstablishmentFiness, IReadOnlyList<string>? Attachments, string? PredecessorId, string? Phone, string? Email, string? Website)
{
    public void ApplyTo(Centre c)
    {
        c.Role = Role;
        c.ResourceKind = ResourceKind;
        c.NetworkId = string.IsNullOrWhiteSpace(NetworkId) ? null : NetworkId;
        c.Name = Name;
        c.EstablishmentFiness = EstablishmentFiness.Trim();
        c.PredecessorId = PredecessorId;
        c.Phone = Phone;
        c.Email = Email;
        c.Website = Website;
        var wanted = (Attachments ?? []).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        c.Attachments.RemoveAll(a => !wanted.Contains(a.NetworkId));
        foreach (var n in wanted.Where(n => c.Attachments.All(a => a.NetworkId != n)))
            c.Attachments.Add(new CentreAttachment { CentreId = c.Id, NetworkId = n });
    }
}

/// <summary>A person. Public callers see the name and title only (no RPPS, status, birth date, e-mail).</summary>
public sealed record PersonDto(string Id, string? Title, string FirstName, string LastName, string? Rpps, HeadStatus? Status,
    DateOnly? BirthDate, bool? ClinicalActivity, string? Email)
{
    /// <summary>A person as the caller may see him or her (null fields: not readable by this caller).</summary>
    public static PersonDto From(Maillage.Core.Features.Registry.PersonView p) =>
        new(p.Id, p.Title, p.FirstName, p.LastName, p.Rpps, p.Status, p.BirthDate, p.ClinicalActivity, p.Email);

    /// <summary>A person as returned to the writer who just wrote it (in the writer's scope).</summary>
    public static PersonDto From(Person p, bool full) => full
        ? new(p.Id, p.Title, p.FirstName, p.LastName, p.Rpps, p.Status, p.BirthDate, p.ClinicalActivity, p.Email)
        : new(p.Id, p.Title, p.FirstName, p.LastName, null, null, null, null, null);
}

public sealed record PersonInput(string? Id, string? Title, string FirstName, string LastName, string? Rpps, HeadStatus Status,
    DateOnly? BirthDate, bool ClinicalActivity, string? Email)
{
    public void ApplyTo(Person p)
    {
        p.Title = Title;
        p.FirstName = FirstName;
        p.LastName = LastName;
        p.Rpps = string.IsNullOrWhiteSpace(Rpps) ? null : Rpps.Trim();
        p.Status = Status;
        p.BirthDate = BirthDate;
        p.ClinicalActivity = ClinicalActivity;
        p.Email = Email;
    }
}

public sealed record MandateDto(string PersonId, string? PersonName, MandateRole Role, string? CentreId, string? Filiere, string? PlatformId, DateOnly From, DateOnly? To)
{
    public static MandateDto Of(Mandate m, string? personName) => new(m.PersonId, personName, m.Role, m.CentreId, m.FiliereAcronym, m.PlatformId, m.From, m.To);

    public static MandateDto Of(Mandate m) => new(m.PersonId, m.Person?.DisplayName, m.Role, m.CentreId, m.FiliereAcronym, m.PlatformId, m.From, m.To);
}

public sealed record HeadInput(string PersonId, DateOnly From);

public sealed record ConventionDto(ConventionTarget TargetKind, string TargetId, DateOnly SignedOn, DateOnly? EndsOn);

public sealed record AssociationDto(string Id, string Name, string? Acronym, string? Website, string? Departement, IReadOnlyList<ConventionDto> Conventions)
{
    public static AssociationDto From(Association a) => new(a.Id, a.Name, a.Acronym, a.Website, a.DepartementCode,
        a.Conventions.OrderBy(c => c.TargetId, StringComparer.Ordinal).Select(c => new ConventionDto(c.TargetKind, c.TargetId, c.SignedOn, c.EndsOn)).ToList());
}

public sealed record AssociationInput(string? Id, string Name, string? Acronym, string? Website, string? Departement)
{
    public void ApplyTo(Association a)
    {
        a.Name = Name;
        a.Acronym = Acronym;
        a.Website = Website;
        a.DepartementCode = Departement;
    }
}

public sealed record PlatformDto(string Id, PlatformKind Kind, string Name, string HostFiness, string? Region, IReadOnlyList<string> Establishments, IReadOnlyList<string> Centres)
{
    public static PlatformDto From(Platform p) => new(p.Id, p.Kind, p.Name, p.HostFiness, p.RegionCode,
        p.Establishments.Select(e => e.Finess).Order(StringComparer.Ordinal).ToList(), p.Centres.Select(c => c.CentreId).Order(StringComparer.Ordinal).ToList());
}

public sealed record PlatformInput(string Name, string HostFiness, string? Region)
{
    public void ApplyTo(Platform p)
    {
        p.Name = Name;
        p.HostFiness = HostFiness;
        p.RegionCode = Region;
    }
}

public sealed record LabelDto(string PeriodId, LabelDecision Decision, DateOnly ValidFrom, DateOnly? ValidTo, string? Note)
{
    public static LabelDto From(Label l) => new(l.PeriodId, l.Decision, l.ValidFrom, l.ValidTo, l.Note);
}

public sealed record OrphaDto(int Code, string NameEn, string? NameFr, string Status, bool Active, string? ClassificationLevel, string? DisorderType,
    IReadOnlyList<string> Synonyms, int? RedirectTo, IReadOnlyList<int> Parents, IReadOnlyList<int> Children, string Attribution)
{
    public static OrphaDto From(OrphaEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var o = entry.Disease;
        var synonyms = (o.Synonyms ?? "").Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new(o.Code, o.NameEn, o.NameFr, o.Status, o.IsActive, o.ClassificationLevel, o.DisorderType,
            synonyms, o.RedirectTo, entry.Parents, entry.Children, "Orphanet, INSERM — CC BY 4.0");
    }
}

public sealed record HistoryDto(DateTimeOffset At, string User, string Action, string? Origin, string? Before, string? After)
{
    public static HistoryDto From(HistoryRow h) => new(h.At, h.Author, h.Action, h.Origin, h.Before, h.After);
}
