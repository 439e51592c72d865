using System.Globalization;

namespace Maillage.Core.Features.Compliance;

/// <summary>An input file (reports, funding inputs) that cannot be read: names the file, the line and the field.</summary>
public sealed class InputFileException(string file, int line, string field, string message)
    : Exception($"{file}, ligne {line.ToString(CultureInfo.InvariantCulture)}, champ « {field} » : {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Field { get; } = field;
}
