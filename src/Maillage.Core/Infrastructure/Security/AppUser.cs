using Microsoft.AspNetCore.Identity;

namespace Maillage.Core.Infrastructure.Security;

/// <summary>The roles of Maillage; each but the national administrator is limited to a scope.</summary>
public enum UserRole
{
    /// <summary>The ministry's rare-disease mission (DGOS/MMR): everything.</summary>
    NationalAdmin,
    /// <summary>A regional health agency (ARS): scope = region INSEE code.</summary>
    RegionalAgency,
    /// <summary>An establishment's direction: scope = FINESS of the legal entity (EJ).</summary>
    Establishment,
    /// <summary>A filière coordinator: scope = filière acronym.</summary>
    FiliereCoordinator,
    /// <summary>A centre head: scope = centre id.</summary>
    CentreHead,
    /// <summary>A patient association: scope = association id.</summary>
    Association,
    /// <summary>
    /// An expert (jury of a call): no scope; reads and reviews only the dossiers he or she is assigned as a member of a
    /// call's jury. Other roles may also sit on a jury with their own account.
    /// </summary>
    Expert,
    /// <summary>
    /// A member of the follow-up committee of the labelling (« comité de suivi de la labellisation », note n°
    /// DGOS/DIR/DGRI/2018/218 du 19 septembre 2018, §5): no scope; reads the committee's meetings and register and the
    /// dossiers referred to the committee, and enters the committee's opinion on them; nothing else (docs/committee.md).
    /// </summary>
    FollowUpCommittee,
}

public sealed class AppUser : IdentityUser
{
    public UserRole Role { get; set; }
    /// <summary>Region code, EJ FINESS, filière acronym, centre id or association id, by role; null for national.</summary>
    public string? ScopeId { get; set; }
    public string? DisplayName { get; set; }
    /// <summary>Demo accounts exist only with the demo data set.</summary>
    public bool IsDemo { get; set; }
    /// <summary>The health professional's RPPS, by which Pro Santé Connect signs in to this account (schema 0023; docs/authentication.md).</summary>
    public string? Rpps { get; set; }
}

/// <summary>A personal API token. Only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public required string Name { get; set; }
    /// <summary>First characters of the token, to recognise it in a list.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
