using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Maillage.Domain.Registry;

namespace Maillage.Core.Infrastructure.Nomenclature;

/// <summary>One Orphanet classification (hierarchy) of the pack.</summary>
/// <param name="OrphaNumber">The classification's own ORPHA number (<c>Classification/OrphaNumber</c>, e.g. 156265);
/// this is what <see cref="OrphaEdge.ClassificationId"/> holds.</param>
/// <param name="HchId">The classification's <c>id</c> attribute (Orphanet "hchid", e.g. 146, also in the file name).</param>
public sealed record OrphaClassificationInfo(int OrphaNumber, int HchId, string Name, string EntryName, int EdgeCount);

/// <summary>Everything read from a pack (and optionally the French CSVs), before anything is written.</summary>
public sealed class OrphanetPackContent
{
    public required string Version { get; init; }
    public required List<OrphaDisease> Diseases { get; init; }
    public required List<OrphaEdge> Edges { get; init; }
    public required List<OrphaClassificationInfo> Classifications { get; init; }
}

/// <summary>
/// Streams the official ORPHAnomenclature pack (zip of ORPHAnomenclature_xx_YYYY.xml and
/// Classifications/ORPHAclassification_*.xml, Orphadata format) without loading a whole file in memory:
/// the nomenclature is read one <c>Disorder</c> element at a time, the classifications node by node.
/// See docs/formats/orphanet.md.
/// </summary>
public static partial class OrphanetPackReader
{
    public const string MovedTo = "Moved to";
    public const string ReferredTo = "Referred to";

    [GeneratedRegex(@"(^|/)ORPHAnomenclature_[A-Za-z]{2}_(?<year>\d{4})\.xml$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NomenclatureEntry();

    [GeneratedRegex(@"(^|/)ORPHAclassification_[^/]*\.xml$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClassificationEntry();

    public static OrphanetPackContent Read(string packZipPath, IProgress<string>? progress, CancellationToken ct)
    {
        var zipName = Path.GetFileName(packZipPath);
        if (!File.Exists(packZipPath))
            throw new OrphanetImportException(zipName, null, $"fichier introuvable ({packZipPath}).");

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(packZipPath);
        }
        catch (InvalidDataException ex)
        {
            throw new OrphanetImportException(zipName, null, $"ce n'est pas une archive zip valide ({ex.Message}).", ex);
        }

        using (zip)
        {
            var nomenclature = zip.Entries.Where(e => NomenclatureEntry().IsMatch(e.FullName)).OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
            if (nomenclature.Count == 0)
                throw new OrphanetImportException(zipName, null, "entrée ORPHAnomenclature_xx_AAAA.xml absente de l'archive (ce n'est pas un pack de nomenclature Orphanet).");
            if (nomenclature.Count > 1)
                throw new OrphanetImportException(zipName, null, $"plusieurs nomenclatures dans l'archive ({string.Join(", ", nomenclature.Select(e => e.FullName))}).");
            var classificationEntries = zip.Entries.Where(e => ClassificationEntry().IsMatch(e.FullName)).OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
            if (classificationEntries.Count == 0)
                throw new OrphanetImportException(zipName, null, "aucune entrée Classifications/ORPHAclassification_*.xml dans l'archive.");

            var nomEntry = nomenclature[0];
            progress?.Report($"Lecture de la nomenclature {nomEntry.Name}…");
            var (diseases, extractionDate) = ReadNomenclature(zipName, nomEntry, ct);
            var year = NomenclatureEntry().Match(nomEntry.FullName).Groups["year"].Value;
            var version = extractionDate is null ? year : $"{year} (extraction {extractionDate})";

            var edges = new List<OrphaEdge>();
            var classifications = new List<OrphaClassificationInfo>();
            var seenClassifications = new HashSet<int>();
            foreach (var entry in classificationEntries)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report($"Lecture de la classification {entry.Name}…");
                var (info, entryEdges) = ReadClassification(zipName, entry, ct);
                if (!seenClassifications.Add(info.OrphaNumber))
                    throw new OrphanetImportException($"{zipName} ▸ {entry.FullName}", null, $"classification ORPHA:{info.OrphaNumber} présente deux fois dans l'archive.");
                classifications.Add(info);
                edges.AddRange(entryEdges);
            }
            return new OrphanetPackContent { Version = version, Diseases = diseases, Edges = edges, Classifications = classifications };
        }
    }

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    private static (List<OrphaDisease> Diseases, string? ExtractionDate) ReadNomenclature(string zipName, ZipArchiveEntry entry, CancellationToken ct)
    {
        var file = $"{zipName} ▸ {entry.FullName}";
        var diseases = new List<OrphaDisease>(11_000);
        var codes = new HashSet<int>();
        string? extractionDate = null;
        int? announced = null;
        using var stream = OpenEntry(zipName, entry);
        using var reader = XmlReader.Create(stream, Settings());
        var lineInfo = (IXmlLineInfo)reader;
        try
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "JDBOR")
                throw new OrphanetImportException(file, lineInfo.LineNumber, $"élément racine <JDBOR> attendu, <{reader.LocalName}> trouvé.");
            var date = reader.GetAttribute("ExtractionDate") ?? reader.GetAttribute("date");
            if (date is { Length: >= 10 }) extractionDate = date[..10];
            var sawList = false;
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "DisorderList" && reader.Depth == 1)
                {
                    sawList = true;
                    if (int.TryParse(reader.GetAttribute("count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) announced = n;
                    reader.Read();
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Disorder" && reader.Depth == 2)
                {
                    var line = lineInfo.LineNumber;
                    var el = (XElement)XNode.ReadFrom(reader);
                    var d = ParseDisorder(file, line, el);
                    if (!codes.Add(d.Code))
                        throw new OrphanetImportException(file, line, $"ORPHA:{d.Code} figure deux fois dans la nomenclature.");
                    diseases.Add(d);
                    if (diseases.Count % 1000 == 0) ct.ThrowIfCancellationRequested();
                }
                else
                {
                    reader.Read();
                }
            }
            if (!sawList)
                throw new OrphanetImportException(file, null, "élément <DisorderList> absent.");
        }
        catch (XmlException ex)
        {
            throw new OrphanetImportException(file, ex.LineNumber > 0 ? ex.LineNumber : lineInfo.LineNumber, $"XML mal formé ou tronqué ({ex.Message}).", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new OrphanetImportException(file, lineInfo.LineNumber, $"entrée zip illisible ({ex.Message}).", ex);
        }
        if (announced is { } a && a != diseases.Count)
            throw new OrphanetImportException(file, null, $"<DisorderList count=\"{a}\"> annonce {a} entrées, {diseases.Count} lues.");
        if (diseases.Count == 0)
            throw new OrphanetImportException(file, null, "aucune entrée <Disorder>.");
        return (diseases, extractionDate);
    }

    private static OrphaDisease ParseDisorder(string file, int line, XElement el)
    {
        var codeText = el.Element("OrphaCode")?.Value;
        if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code <= 0)
            throw new OrphanetImportException(file, line, $"<Disorder> sans <OrphaCode> numérique valide (« {codeText} »).");
        var name = el.Element("Name")?.Value.Trim();
        if (string.IsNullOrEmpty(name))
            throw new OrphanetImportException(file, line, $"ORPHA:{code} sans <Name>.");
        var status = el.Element("Totalstatus")?.Value.Trim();
        if (string.IsNullOrEmpty(status))
            throw new OrphanetImportException(file, line, $"ORPHA:{code} sans <Totalstatus>.");

        var synonyms = el.Element("SynonymList")?.Elements("Synonym").Select(s => s.Value.Trim()).Where(s => s.Length > 0).ToList() ?? [];
        var disease = new OrphaDisease
        {
            Code = code,
            NameEn = name,
            Status = status,
            ClassificationLevel = NullIfEmpty(el.Element("ClassificationLevel")?.Element("Name")?.Value),
            DisorderType = NullIfEmpty(el.Element("DisorderType")?.Element("Name")?.Value),
            Synonyms = JoinSynonyms(synonyms),
        };

        if (!disease.IsActive)
        {
            // Each association is listed on both disorders; this disorder is the source when it is the RootDisorder
            // (written as <RootDisorder id="self" cycle="true"/>); the TargetDisorder then carries the code.
            var selfId = el.Attribute("id")?.Value;
            int? movedTo = null, referredTo = null;
            foreach (var assoc in el.Element("DisorderDisorderAssociationList")?.Elements("DisorderDisorderAssociation") ?? [])
            {
                var root = assoc.Element("RootDisorder");
                var isSource = root is not null
                    && (root.Attribute("cycle")?.Value == "true" || (selfId is not null && root.Attribute("id")?.Value == selfId));
                if (!isSource) continue;
                var targetText = assoc.Element("TargetDisorder")?.Element("OrphaCode")?.Value;
                if (!int.TryParse(targetText, NumberStyles.None, CultureInfo.InvariantCulture, out var target) || target == code) continue;
                var type = assoc.Element("DisorderDisorderAssociationType")?.Element("Name")?.Value.Trim();
                if (string.Equals(type, MovedTo, StringComparison.OrdinalIgnoreCase)) movedTo ??= target;
                else if (string.Equals(type, ReferredTo, StringComparison.OrdinalIgnoreCase)) referredTo ??= target;
            }
            disease.RedirectTo = movedTo ?? referredTo;
        }
        return disease;
    }

    private static (OrphaClassificationInfo Info, List<OrphaEdge> Edges) ReadClassification(string zipName, ZipArchiveEntry entry, CancellationToken ct)
    {
        var file = $"{zipName} ▸ {entry.FullName}";
        using var stream = OpenEntry(zipName, entry);
        using var reader = XmlReader.Create(stream, Settings());
        var lineInfo = (IXmlLineInfo)reader;
        var path = new List<string>(32);
        var nodeCodes = new List<int>(16); // one slot per open ClassificationNode: its disorder's code (0 until read)
        var seen = new HashSet<(int Parent, int Child)>();
        var pairs = new List<(int Parent, int Child)>();
        int? orphaNumber = null, hchId = null;
        string? name = null;
        var classificationCount = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var local = reader.LocalName;
                        if (local == "Classification")
                        {
                            if (++classificationCount > 1)
                                throw new OrphanetImportException(file, lineInfo.LineNumber, "plus d'une <Classification> dans le fichier.");
                            if (int.TryParse(reader.GetAttribute("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) hchId = id;
                        }
                        if (local == "ClassificationNode")
                        {
                            nodeCodes.Add(0);
                            if (nodeCodes.Count % 200 == 0) ct.ThrowIfCancellationRequested();
                        }
                        if (!reader.IsEmptyElement) path.Add(local);
                        else if (local == "ClassificationNode") nodeCodes.RemoveAt(nodeCodes.Count - 1);
                        break;
                    case XmlNodeType.EndElement:
                        if (reader.LocalName == "ClassificationNode") nodeCodes.RemoveAt(nodeCodes.Count - 1);
                        path.RemoveAt(path.Count - 1);
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                        var n = path.Count;
                        if (n >= 3 && path[n - 1] == "OrphaCode" && path[n - 2] == "Disorder" && path[n - 3] == "ClassificationNode")
                        {
                            if (!int.TryParse(reader.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code <= 0)
                                throw new OrphanetImportException(file, lineInfo.LineNumber, $"<OrphaCode> non numérique (« {reader.Value} »).");
                            nodeCodes[^1] = code;
                            // A root node may carry no Disorder (classification 235 in 2023): its children are roots.
                            if (nodeCodes.Count >= 2 && nodeCodes[^2] is var parent and > 0 && seen.Add((parent, code)))
                                pairs.Add((parent, code));
                        }
                        else if (n >= 2 && path[n - 1] == "OrphaNumber" && path[n - 2] == "Classification")
                        {
                            if (int.TryParse(reader.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) orphaNumber = number;
                        }
                        else if (n >= 2 && path[n - 1] == "Name" && path[n - 2] == "Classification")
                        {
                            name = reader.Value.Trim();
                        }
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            throw new OrphanetImportException(file, ex.LineNumber > 0 ? ex.LineNumber : lineInfo.LineNumber, $"XML mal formé ou tronqué ({ex.Message}).", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new OrphanetImportException(file, lineInfo.LineNumber, $"entrée zip illisible ({ex.Message}).", ex);
        }
        if (orphaNumber is null)
            throw new OrphanetImportException(file, null, "<Classification><OrphaNumber> absent : impossible d'identifier la classification.");
        var edges = pairs.Select(p => new OrphaEdge { ClassificationId = orphaNumber.Value, ParentCode = p.Parent, ChildCode = p.Child }).ToList();
        var info = new OrphaClassificationInfo(orphaNumber.Value, hchId ?? 0, name ?? entry.Name, entry.FullName, edges.Count);
        return (info, edges);
    }

    private static Stream OpenEntry(string zipName, ZipArchiveEntry entry)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException ex)
        {
            throw new OrphanetImportException($"{zipName} ▸ {entry.FullName}", null, $"entrée zip illisible ({ex.Message}).", ex);
        }
    }

    internal static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    internal const string SynonymSeparator = " | ";

    internal static string? JoinSynonyms(IEnumerable<string> synonyms)
    {
        var list = synonyms.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? null : string.Join(SynonymSeparator, list);
    }
}
