using Maillage.Core.Data;
using Maillage.Domain;
using Maillage.Domain.Procedures;
using Maillage.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Core.Features.Procedures.Kinds;

/// <summary>
/// A succession (of a centre head or of a filière coordinator): the decision ends the outgoing mandate the day before and
/// writes the successor's mandate (the person created in the registry if new) until the end of the labelling period in
/// force, after the successor's eligibility is checked again.
/// </summary>
public abstract class SuccessionKind(MaillageDbContext db, ProcedureLookups lookups) : AnnexProcedureKind(db, lookups)
{
    /// <summary>The mandate the decision writes.</summary>
    public abstract MandateRole HolderMandateRole { get; }

    /// <summary>The labelling periods that bound the mandate (centres' or filières').</summary>
    public abstract PeriodScope MandatePeriodScope { get; }

    public override async Task<ProcedureResult?> ApplyApprovalAsync(Dossier d, DateOnly start, CancellationToken ct)
    {
        if (await EligibilityAsync(d, start, ct) is { Eligible: false } el)
            return ProcedureResult.Invalid(el.Checks.Where(c => !c.Passed).Select(c => new FieldError("successor", $"{c.Message} ({c.Rule})")).ToList());
        var scope = MandatePeriodScope;
        var period = await Db.LabellingPeriods.AsNoTracking().Where(p => p.Scope == scope && p.Start <= start && p.End >= start).FirstOrDefaultAsync(ct);
        if (period is null)
            return ProcedureResult.Conflict("effective_date", $"Aucune période de labellisation ne couvre le {French.Date(start)} : le mandat ne peut pas être borné.");
        var personId = d.SuccessorPersonId;
        if (personId is null)
        {
            personId = await NewPersonIdAsync(ct);
            Db.People.Add(new Person
            {
                Id = personId, Title = d.SuccessorTitle, FirstName = d.SuccessorFirstName!, LastName = d.SuccessorLastName!, Rpps = d.SuccessorRpps,
                Email = d.SuccessorEmail, Status = d.SuccessorStatus ?? HeadStatus.PuPh, BirthDate = d.SuccessorBirthDate,
                ClinicalActivity = d.SuccessorClinicalActivity ?? true,
            });
            d.SuccessorPersonId = personId;
        }
        var role = HolderMandateRole;
        var current = await Db.Mandates.Where(m => m.Role == role && (m.To == null || m.To >= start)
            && (role == MandateRole.CentreHead ? m.CentreId == d.CentreId : m.FiliereAcronym == d.FiliereAcronym)).ToListAsync(ct);
        foreach (var m in current)
        {
            if (m.From >= start)
                return ProcedureResult.Conflict("effective_date", $"Un mandat commence déjà le {French.Date(m.From)} : la prise de fonctions doit être postérieure.");
            m.To = start.AddDays(-1);
        }
        Db.Mandates.Add(new Mandate
        {
            PersonId = personId, Role = role, From = start, To = period.End,
            CentreId = role == MandateRole.CentreHead ? d.CentreId : null,
            FiliereAcronym = role == MandateRole.FiliereCoordinator ? d.FiliereAcronym : null,
        });
        d.MandateFrom = start;
        d.MandateTo = period.End;
        return null;
    }

    private Task<string> NewPersonIdAsync(CancellationToken ct) => SequentialIds.NextAsync(Db.People.Select(p => p.Id), "P-PROC-", "00000", ct);
}
