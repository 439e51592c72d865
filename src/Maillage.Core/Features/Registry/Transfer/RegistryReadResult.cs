using Maillage.Domain.Registry;

namespace Maillage.Core.Features.Registry.Transfer;

/// <summary>What <see cref="RegistryFileReader"/> read: the entities (with their lines), the sheets present, the parse errors.</summary>
public sealed class RegistryReadResult
{
    private readonly Dictionary<string, ParsedSheet> _sheets;

    internal RegistryReadResult(Dictionary<string, ParsedSheet> sheets, IReadOnlyList<ImportError> errors)
    {
        _sheets = sheets;
        Errors = errors;
        Conventions = Get(RegistryFormat.Conventions)?.Rows.Select(r => r.Entity).ToList() ?? [];
        var associations = Get(RegistryFormat.Associations)?.Rows.Select(r => r.Entity).ToList() ?? [];
        if (Has(RegistryFormat.Conventions))
        {
            var byAssociation = Conventions.ToLookup(c => c.AssociationId, StringComparer.Ordinal);
            foreach (var a in associations) a.Conventions = byAssociation[a.Id].ToList();
        }
        Data = new RegistryData
        {
            Regions = List(RegistryFormat.Regions),
            Departements = List(RegistryFormat.Departements),
            Establishments = List(RegistryFormat.Establishments),
            Erns = List(RegistryFormat.Erns),
            Filieres = List(RegistryFormat.Filieres),
            Networks = List(RegistryFormat.Networks),
            Centres = List(RegistryFormat.Centres),
            Platforms = List(RegistryFormat.Platforms),
            People = List(RegistryFormat.People),
            Mandates = List(RegistryFormat.Mandates),
            Associations = associations,
            Periods = List(RegistryFormat.Periods),
            Labels = List(RegistryFormat.Labels),
        };
    }

    /// <summary>
    /// True when the import carries the fictitious-data notice of a demo export (README.txt or the LISEZMOI sheet):
    /// the importing database is then marked as the demo set, so that its pages and exports say so too.
    /// </summary>
    public bool FictitiousDemoData { get; internal set; }

    internal static RegistryReadResult Failed(ImportError error) => new(new Dictionary<string, ParsedSheet>(StringComparer.Ordinal), [error]);

    /// <summary>The entities read. Associations carry their conventions when conventions were part of the import.</summary>
    public RegistryData Data { get; }

    /// <summary>Every row of the conventions sheet (also those of associations not in the associations sheet).</summary>
    public IReadOnlyList<AssociationConvention> Conventions { get; }

    /// <summary>Parse errors (format, types, enums, required values, duplicate ids).</summary>
    public IReadOnlyList<ImportError> Errors { get; }

    /// <summary>Names of the sheets present in the import (e.g. "people").</summary>
    public IReadOnlyCollection<string> Sheets => _sheets.Keys;

    public bool Has(RegistrySheet sheet) => _sheets.ContainsKey(sheet.Name);

    public ParsedSheet<T>? Get<T>(RegistrySheet<T> sheet) where T : class =>
        _sheets.TryGetValue(sheet.Name, out var p) ? (ParsedSheet<T>)p : null;

    private List<T> List<T>(RegistrySheet<T> sheet) where T : class => Get(sheet)?.Rows.Select(r => r.Entity).ToList() ?? [];

    /// <summary>The label of a sheet in errors: its file name as read, or "name.csv" when it was not part of the import.</summary>
    public string FileLabel(RegistrySheet sheet) =>
        _sheets.TryGetValue(sheet.Name, out var p) ? p.File : sheet.FileName;

    /// <summary>Parse errors and <see cref="RegistryRules"/> violations of the file content alone (for a complete registry).</summary>
    public IReadOnlyList<ImportError> Validate(IOrphaLookup orpha)
    {
        var violations = RegistryRules.Validate(Data, orpha);
        return Combine(Errors, Locate(violations));
    }

    /// <summary>Places rule violations on the file, line and column of the row they name. A violation on a record that
    /// is not in the import (already in the database) gets line 0.</summary>
    public IReadOnlyList<ImportError> Locate(IEnumerable<RuleViolation> violations)
    {
        var index = new Dictionary<(string Sheet, string Id), int>();
        foreach (var p in _sheets.Values)
            foreach (var (entity, line) in p.Entries)
                index.TryAdd((p.Sheet.Name, RuleIdOf(p.Sheet, entity)), line);

        var errors = new List<ImportError>();
        foreach (var v in violations)
        {
            var sheet = RegistryFormat.All.FirstOrDefault(s => s.RuleEntities.Contains(v.Entity)) ?? RegistryFormat.Centres;
            if (sheet == RegistryFormat.Associations && v.Field == "conventions" && Get(RegistryFormat.Conventions) is { } conv)
            {
                var row = conv.Rows.FirstOrDefault(r => r.Entity.AssociationId == v.EntityId && v.Message.Contains($"« {r.Entity.TargetId} »", StringComparison.Ordinal));
                if (row.Entity is not null)
                {
                    errors.Add(new ImportError(conv.File, row.Line, "target_id", v.Message));
                    continue;
                }
            }
            if (sheet == RegistryFormat.Networks && v.Field == "sites" && !index.ContainsKey((sheet.Name, v.EntityId))
                && Get(RegistryFormat.Centres) is { } centres && centres.Rows.FirstOrDefault(r => r.Entity.NetworkId == v.EntityId) is { Entity: not null } site)
            {
                // A network left without a coordinating site by the centres file: show it on that file.
                errors.Add(new ImportError(centres.File, site.Line, "role", v.Message));
                continue;
            }
            var column = sheet.ColumnForField(v.Field);
            if (index.TryGetValue((sheet.Name, v.EntityId), out var lineNo))
                errors.Add(new ImportError(FileLabel(sheet), lineNo, column, v.Message));
            else
                errors.Add(new ImportError(FileLabel(sheet), 0, column, $"« {v.EntityId} » (déjà enregistré) : {v.Message}"));
        }
        return errors;
    }

    private static string RuleIdOf(RegistrySheet sheet, object entity) => sheet switch
    {
        RegistrySheet<Region> s => s.RuleId((Region)entity),
        RegistrySheet<Departement> s => s.RuleId((Departement)entity),
        RegistrySheet<Establishment> s => s.RuleId((Establishment)entity),
        RegistrySheet<Ern> s => s.RuleId((Ern)entity),
        RegistrySheet<Filiere> s => s.RuleId((Filiere)entity),
        RegistrySheet<Network> s => s.RuleId((Network)entity),
        RegistrySheet<Centre> s => s.RuleId((Centre)entity),
        RegistrySheet<Platform> s => s.RuleId((Platform)entity),
        RegistrySheet<Person> s => s.RuleId((Person)entity),
        RegistrySheet<Mandate> s => s.RuleId((Mandate)entity),
        RegistrySheet<Association> s => s.RuleId((Association)entity),
        RegistrySheet<AssociationConvention> s => s.RuleId((AssociationConvention)entity),
        RegistrySheet<LabellingPeriod> s => s.RuleId((LabellingPeriod)entity),
        RegistrySheet<Label> s => s.RuleId((Label)entity),
        _ => "",
    };

    /// <summary>Parse errors first; a rule error on a cell that already has a parse error is dropped; sorted by sheet order, line, column.</summary>
    public static IReadOnlyList<ImportError> Combine(IEnumerable<ImportError> parseErrors, IEnumerable<ImportError> ruleErrors)
    {
        var list = parseErrors.ToList();
        var cells = list.Select(e => (e.File, e.Line, e.Column)).ToHashSet();
        foreach (var e in ruleErrors)
            if (!cells.Contains((e.File, e.Line, e.Column)) || e.Line == 0)
                list.Add(e);
        return list.Distinct()
            .Select((e, i) => (e, i))
            .OrderBy(x => SheetOrder(x.e.File)).ThenBy(x => x.e.Line).ThenBy(x => ColumnOrder(x.e.File, x.e.Column)).ThenBy(x => x.i)
            .Select(x => x.e).ToList();
    }

    private static int SheetOrder(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
        for (var i = 0; i < RegistryFormat.All.Count; i++)
            if (RegistryFormat.All[i].Name == name) return i;
        return -1;
    }

    private static int ColumnOrder(string file, string column)
    {
        var name = Path.GetFileNameWithoutExtension(file).ToLowerInvariant();
        var sheet = RegistryFormat.ByName(name);
        if (sheet is null) return -1;
        for (var i = 0; i < sheet.Columns.Count; i++)
            if (sheet.Columns[i] == column) return i;
        return sheet.Columns.Count;
    }
}
