using Maillage.Core.Features.Compliance;
using Maillage.Domain.Funding;

namespace Maillage.Core.Features.Funding;

/// <summary>
/// Input files of the funding calculators (formats in docs/formats/funding.md), <c>;</c>-separated, any column order.
/// Errors name the file, the line and the column.
/// </summary>
public static class FundingFiles
{
    public static readonly IReadOnlyList<string> DpiColumns =
        ["finess", "name", "dpi_known", "already_funded", "need", "reference_centres_using_dpi", "centres", "reference_centres", "ghu_count"];

    public static readonly IReadOnlyList<string> MigColumns = ["centre_id", "name", .. MigInputs.All];

    /// <summary>Reads the DPI file and computes each establishment (the tree's missing inputs are reported with their line).</summary>
    public static IReadOnlyList<DpiFunding> ComputeDpi(string path) => ComputeDpi(SemicolonFile.Read(path, DpiColumns));

    public static IReadOnlyList<DpiFunding> ComputeDpi(string name, ReadOnlySpan<byte> bytes) => ComputeDpi(SemicolonFile.Parse(name, bytes, DpiColumns));

    /// <summary>Establishments given as records (column name → text, e.g. a JSON request's rows), with the same checks as the file.</summary>
    public static IReadOnlyList<DpiFunding> ComputeDpi(string name, IEnumerable<IReadOnlyDictionary<string, string?>> records) =>
        ComputeDpi(SemicolonFile.FromRecords(name, DpiColumns, records));

    private static List<DpiFunding> ComputeDpi(SemicolonFile file)
    {
        var result = new List<DpiFunding>();
        foreach (var row in file.Rows)
        {
            var needText = file.Text(row, "need");
            DpiNeed? need = needText switch
            {
                "" => null,
                "seeding" => DpiNeed.Seeding,
                "deployment" => DpiNeed.Deployment,
                _ => throw file.Error(row, "need", $"besoin « {needText} » inconnu (attendu : seeding, deployment ou vide si déjà financé)."),
            };
            var known = file.Bool(row, "dpi_known") ?? throw file.Error(row, "dpi_known", "valeur obligatoire manquante (true ou false).");
            var es = new DpiEstablishment(file.RequiredText(row, "finess"), file.Text(row, "name"), known, file.Bool(row, "already_funded"), need,
                file.Count(row, "reference_centres_using_dpi"), file.Count(row, "centres"), file.Count(row, "reference_centres"), file.Count(row, "ghu_count"));
            try
            {
                result.Add(DpiCalculator.Compute(es));
            }
            catch (FundingInputException ex)
            {
                throw file.Error(row, ex.Field, ex.Message);
            }
        }
        return result;
    }

    public static IReadOnlyList<MigCentreInput> ReadMig(string path) => ReadMig(SemicolonFile.Read(path, MigColumns));

    public static IReadOnlyList<MigCentreInput> ReadMig(string name, ReadOnlySpan<byte> bytes) => ReadMig(SemicolonFile.Parse(name, bytes, MigColumns));

    /// <summary>Centres given as records (column name → text, e.g. a JSON request's rows), with the same checks as the file.</summary>
    public static IReadOnlyList<MigCentreInput> ReadMig(string name, IEnumerable<IReadOnlyDictionary<string, string?>> records) =>
        ReadMig(SemicolonFile.FromRecords(name, MigColumns, records));

    private static List<MigCentreInput> ReadMig(SemicolonFile file)
    {
        var result = new List<MigCentreInput>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in file.Rows)
        {
            var id = file.RequiredText(row, "centre_id");
            if (!ids.Add(id)) throw file.Error(row, "centre_id", $"centre « {id} » en double.");
            var values = MigInputs.All.ToDictionary(c => c, c => file.Number(row, c), StringComparer.Ordinal);
            result.Add(new MigCentreInput(id, file.Text(row, "name"), values));
        }
        if (result.Count == 0) throw new InputFileException(file.Name, 2, "centre_id", "aucun centre dans le fichier.");
        return result;
    }
}
