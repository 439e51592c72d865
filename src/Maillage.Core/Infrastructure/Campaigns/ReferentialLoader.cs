using System.Globalization;
using Maillage.Domain.Compliance;
using Maillage.Domain.Funding;
using Maillage.Domain.Referential;
using Maillage.Domain.Registry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Maillage.Core.Infrastructure.Campaigns;

/// <summary>A referential file that cannot be used: names the file, the line and the field at fault.</summary>
public sealed class ReferentialException(string file, int line, string field, string message)
    : Exception($"{file}, ligne {line.ToString(CultureInfo.InvariantCulture)}, champ « {field} » : {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Field { get; } = field;
}

/// <summary>
/// Parses and validates a campaign referential (<c>referentials/*.yaml</c>, format in docs/compliance-rules.md); the
/// shipped ones are read once through <see cref="CampaignCatalogue"/>.
/// Every error names the file, the line and the field (dotted path, e.g. <c>thresholds[3].cs_hdj.minimum</c>).
/// Unknown keys are errors too, so that a typo never silently drops a rule.
/// </summary>
public static class ReferentialLoader
{
    private static readonly HashSet<string> ContextCodes =
        ["CS", "CS_MULTI", "TLC", "AVIS_CS", "AVIS_SALLE", "AVIS_DOSSIER", "HDJ", "HC", "RCP_ORG", "RCP_NAT"];

    public static Referential Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static Referential Parse(string yaml, string fileName)
    {
        var reader = new Reader(fileName);
        YamlStream stream = [];
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ReferentialException(fileName, (int)ex.Start.Line, "(syntaxe)", "YAML invalide : " + ex.Message);
        }
        if (stream.Documents.Count == 0) throw new ReferentialException(fileName, 1, "(document)", "fichier vide.");
        return reader.Read(stream.Documents[0].RootNode);
    }

    private sealed class Reader(string file)
    {
        private readonly Dictionary<string, SourceDocument> documents = new(StringComparer.Ordinal);
        private readonly HashSet<string> ruleIds = new(StringComparer.Ordinal);

        private ReferentialException Error(YamlNode node, string field, string message) =>
            new(file, (int)node.Start.Line, field, message);

        public Referential Read(YamlNode rootNode)
        {
            var root = Map(rootNode, "(racine)", "campaign", "documents", "thresholds", "floor", "exceptions", "head", "not_applicable", "reporting", "indicators", "funding",
                "bndmr", "verified_active_patients");
            var campaign = Map(Required(root, "campaign", "campaign"), "campaign", "id", "label", "first_year", "last_year", "version");
            var id = Str(campaign, "id", "campaign.id");
            var first = Int(campaign, "first_year", "campaign.first_year");
            var last = Int(campaign, "last_year", "campaign.last_year");
            if (last < first) throw Error(campaign["last_year"], "campaign.last_year", "l'année de fin précède l'année de début.");

            var docs = Seq(Required(root, "documents", "documents"), "documents");
            for (var i = 0; i < docs.Children.Count; i++)
            {
                var path = $"documents[{i}]";
                if (docs.Children[i] is YamlMappingNode withFile && Optional(withFile, "file") is { } fileNode)
                    throw Error(fileNode, path + ".file", "champ retiré : un document se cite par son titre public et sa date (« title », « date »), jamais par un nom de fichier.");
                var d = Map(docs.Children[i], path, "id", "title", "date");
                var doc = new SourceDocument(Str(d, "id", path + ".id"), Str(d, "title", path + ".title"), Str(d, "date", path + ".date"));
                if (!documents.TryAdd(doc.Id, doc)) throw Error(d["id"], path + ".id", $"document « {doc.Id} » déclaré deux fois.");
            }

            var thresholds = ReadThresholds(Seq(Required(root, "thresholds", "thresholds"), "thresholds"));
            var floorMap = Map(Required(root, "floor", "floor"), "floor", "id", "minimum", "reading", "source");
            var floor = new FloorRule(RuleId(floorMap, "floor.id"), Int(floorMap, "minimum", "floor.minimum", min: 1),
                Str(floorMap, "reading", "floor.reading"), Source(Required(floorMap, "source", "floor.source"), "floor.source"));

            var exceptions = ReadExceptions(root);
            var (headStatus, headAge) = ReadHead(Map(Required(root, "head", "head"), "head", "status", "age"));
            var notApplicable = ReadNotApplicable(Seq(Required(root, "not_applicable", "not_applicable"), "not_applicable"));
            var reporting = ReadReporting(Map(Required(root, "reporting", "reporting"), "reporting", "id", "data_entry_cutoff", "report_window", "reading", "source"));
            var indicators = ReadIndicators(Seq(Required(root, "indicators", "indicators"), "indicators"));
            var funding = Map(Required(root, "funding", "funding"), "funding", "mig_variable_part");
            var mig = ReadMig(Seq(Required(funding, "mig_variable_part", "funding.mig_variable_part"), "funding.mig_variable_part"));

            var bndmr = Optional(root, "bndmr") is { } b ? Obligation(b, "bndmr") : null;
            var verified = Optional(root, "verified_active_patients") is { } v ? Obligation(v, "verified_active_patients") : null;

            var referential = new Referential(id, Str(campaign, "label", "campaign.label"), first, last, Int(campaign, "version", "campaign.version", min: 1),
                documents.Values.ToList(), thresholds, floor, exceptions, headStatus, headAge, notApplicable, reporting, indicators, mig, bndmr, verified);
            CheckCompleteness(referential, rootNode);
            return referential;
        }

        private List<ThresholdRule> ReadThresholds(YamlSequenceNode seq)
        {
            var rules = new List<ThresholdRule>();
            var seen = new HashSet<(SiteKind, ClinicalField?, Criterion)>();
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var path = $"thresholds[{i}]";
                var row = Map(seq.Children[i], path, "kind", "field", "source", "cs_hdj", "active_patients", "research");
                var kind = Kind(row, "kind", path + ".kind");
                ClinicalField? field = null;
                if (Optional(row, "field") is { } fieldNode)
                {
                    if (!kind.IsCrmr()) throw Error(fieldNode, path + ".field", "seuls les sites de CRMR ont un domaine (field).");
                    var text = Scalar(fieldNode, path + ".field");
                    if (!Codes.TryParseField(text, out var f)) throw Error(fieldNode, path + ".field", $"domaine « {text} » inconnu (attendu : {string.Join(", ", Codes.AllFieldCodes)}).");
                    field = f;
                }
                var rowSource = Optional(row, "source") is { } s ? Source(s, path + ".source") : null;
                var any = false;
                foreach (var (key, criterion) in new[] { ("cs_hdj", Criterion.CsHdj), ("active_patients", Criterion.ActivePatients), ("research", Criterion.Research) })
                {
                    if (Optional(row, key) is not { } node) continue;
                    any = true;
                    var cpath = $"{path}.{key}";
                    var c = Map(node, cpath, "id", "minimum", "reading", "source");
                    var ruleId = RuleId(c, cpath + ".id");
                    var minimum = Int(c, "minimum", cpath + ".minimum", min: 0);
                    var source = Optional(c, "source") is { } cs ? Source(cs, cpath + ".source") : rowSource
                        ?? throw Error(c, cpath + ".source", "source manquante (ni sur la ligne ni sur le critère).");
                    var reading = Optional(c, "reading") is { } r ? Scalar(r, cpath + ".reading")
                        : string.Create(CultureInfo.InvariantCulture, $"au minimum {minimum} : valeur >= {minimum}");
                    if (!seen.Add((kind, field, criterion)))
                        throw Error(node, cpath, $"deuxième seuil {criterion.Code()} pour {kind.Code()}{(field is { } f2 ? "/" + f2.Code() : "")}.");
                    rules.Add(new ThresholdRule(ruleId, kind, field, criterion, minimum, reading, source));
                }
                if (!any) throw Error(row, path, $"la ligne {kind.Code()} ne porte aucun seuil (cs_hdj, active_patients ou research).");
            }
            return rules;
        }

        private List<ExceptionRule> ReadExceptions(YamlMappingNode root)
        {
            var result = new List<ExceptionRule>();
            var seq = Seq(Required(root, "exceptions", "exceptions"), "exceptions");
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var path = $"exceptions[{i}]";
                var m = Map(seq.Children[i], path, "id", "code", "kinds", "fields", "criteria", "reading", "source");
                var ruleId = RuleId(m, path + ".id");
                var codeText = Str(m, "code", path + ".code");
                if (!Codes.TryParseException(codeText, out var code))
                    throw Error(m["code"], path + ".code", $"exception « {codeText} » inconnue (attendu : {string.Join(", ", Codes.AllExceptionCodes)}).");
                if (result.Any(e => e.Code == code)) throw Error(m["code"], path + ".code", $"exception « {codeText} » déclarée deux fois.");
                var kinds = List(m, "kinds", path + ".kinds", (n, p) => KindOf(n, p));
                IReadOnlyList<ClinicalField>? fields = Optional(m, "fields") is null ? null : List(m, "fields", path + ".fields", (n, p) =>
                {
                    var t = Scalar(n, p);
                    return Codes.TryParseField(t, out var f) ? f : throw Error(n, p, $"domaine « {t} » inconnu.");
                });
                var criteria = List(m, "criteria", path + ".criteria", (n, p) =>
                {
                    var t = Scalar(n, p);
                    if (!Codes.TryParseCriterion(t, out var c)) throw Error(n, p, $"critère « {t} » inconnu.");
                    if (c is not (Criterion.CsHdj or Criterion.ActivePatients))
                        throw Error(n, p, $"une exception ne peut porter que sur les seuils d'activité (cs_hdj, active_patients), pas sur « {t} » (le plancher de 25 et la recherche ne sont jamais levés).");
                    return c;
                });
                result.Add(new ExceptionRule(ruleId, code, kinds, fields, criteria, Str(m, "reading", path + ".reading"), Source(Required(m, "source", path + ".source"), path + ".source")));
            }
            return result;
        }

        private (Domain.Referential.HeadStatusRule, List<Domain.Referential.HeadAgeRule>) ReadHead(YamlMappingNode head)
        {
            var s = Map(Required(head, "status", "head.status"), "head.status", "id", "eligible", "kinds", "reading", "source");
            var eligible = List(s, "eligible", "head.status.eligible", (n, p) =>
            {
                var t = Scalar(n, p);
                return Codes.TryParseStatus(t, out var st) ? st : throw Error(n, p, $"statut « {t} » inconnu (attendu : {string.Join(", ", Codes.AllStatusCodes)}).");
            });
            IReadOnlyList<SiteKind>? statusKinds = Optional(s, "kinds") is null ? null : List(s, "kinds", "head.status.kinds", (n, p) => KindOf(n, p));
            var status = new Domain.Referential.HeadStatusRule(RuleId(s, "head.status.id"), eligible, statusKinds, Str(s, "reading", "head.status.reading"),
                Source(Required(s, "source", "head.status.source"), "head.status.source"));
            var ages = new List<Domain.Referential.HeadAgeRule>();
            var seq = Seq(Required(head, "age", "head.age"), "head.age");
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var path = $"head.age[{i}]";
                var m = Map(seq.Children[i], path, "id", "from_age", "kinds", "requirement", "reading", "source");
                var req = Str(m, "requirement", path + ".requirement") switch
                {
                    "keep_clinical_activity" => HeadAgeRequirement.KeepClinicalActivity,
                    "may_not_head" => HeadAgeRequirement.MayNotHead,
                    var other => throw Error(m["requirement"], path + ".requirement", $"exigence « {other} » inconnue (attendu : keep_clinical_activity, may_not_head)."),
                };
                IReadOnlyList<SiteKind>? kinds = Optional(m, "kinds") is null ? null : List(m, "kinds", path + ".kinds", (n, p) => KindOf(n, p));
                ages.Add(new Domain.Referential.HeadAgeRule(RuleId(m, path + ".id"), Int(m, "from_age", path + ".from_age", min: 1), kinds, req,
                    Str(m, "reading", path + ".reading"), Source(Required(m, "source", path + ".source"), path + ".source")));
            }
            return (status, ages);
        }

        private List<NotApplicableRule> ReadNotApplicable(YamlSequenceNode seq)
        {
            var result = new List<NotApplicableRule>();
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var path = $"not_applicable[{i}]";
                var m = Map(seq.Children[i], path, "id", "criterion", "reading", "source");
                var t = Str(m, "criterion", path + ".criterion");
                if (!Codes.TryParseCriterion(t, out var c)) throw Error(m["criterion"], path + ".criterion", $"critère « {t} » inconnu.");
                result.Add(new NotApplicableRule(RuleId(m, path + ".id"), c, Str(m, "reading", path + ".reading"), Source(Required(m, "source", path + ".source"), path + ".source")));
            }
            return result;
        }

        private ReportingCalendar ReadReporting(YamlMappingNode m)
        {
            var cutoff = Day(Required(m, "data_entry_cutoff", "reporting.data_entry_cutoff"), "reporting.data_entry_cutoff");
            var window = Map(Required(m, "report_window", "reporting.report_window"), "reporting.report_window", "opens", "closes");
            var opens = Day(Required(window, "opens", "reporting.report_window.opens"), "reporting.report_window.opens");
            var closes = Day(Required(window, "closes", "reporting.report_window.closes"), "reporting.report_window.closes");
            if ((closes.Month, closes.Day).CompareTo((opens.Month, opens.Day)) < 0)
                throw Error(window, "reporting.report_window", "la fenêtre de remise se ferme avant de s'ouvrir (les deux dates tombent en N+1).");
            return new ReportingCalendar(RuleId(m, "reporting.id"), cutoff, opens, closes, Str(m, "reading", "reporting.reading"),
                Source(Required(m, "source", "reporting.source"), "reporting.source"));
        }

        /// <summary>A day of N+1 (<c>{ month, day }</c>); 29 February is refused, since it does not exist every year.</summary>
        private DayOfNextYear Day(YamlNode node, string path)
        {
            var d = Map(node, path, "month", "day");
            var month = Int(d, "month", path + ".month", min: 1);
            var day = Int(d, "day", path + ".day", min: 1);
            if (month > 12 || day > DateTime.DaysInMonth(2001, month))
                throw Error(d, path, string.Create(CultureInfo.InvariantCulture, $"date {day}/{month} impossible (le 29 février n'existe pas chaque année)."));
            return new DayOfNextYear(month, day);
        }

        private ObligationRule Obligation(YamlNode node, string path)
        {
            var m = Map(node, path, "id", "reading", "source");
            return new ObligationRule(RuleId(m, path + ".id"), Str(m, "reading", path + ".reading"), Source(Required(m, "source", path + ".source"), path + ".source"));
        }

        private List<IndicatorContexts> ReadIndicators(YamlSequenceNode seq)
        {
            var result = new List<IndicatorContexts>();
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var path = $"indicators[{i}]";
                var m = Map(seq.Children[i], path, "indicator", "counting", "contexts");
                var contexts = List(m, "contexts", path + ".contexts", (n, p) =>
                {
                    var t = Scalar(n, p);
                    return ContextCodes.Contains(t) ? t : throw Error(n, p, $"contexte d'activité « {t} » inconnu (attendu : {string.Join(", ", ContextCodes)}).");
                });
                var counting = Str(m, "counting", path + ".counting");
                if (counting is not ("acts" or "distinct_patients" or "distinct_stays"))
                    throw Error(m["counting"], path + ".counting", $"mode de comptage « {counting} » inconnu (attendu : acts, distinct_patients, distinct_stays).");
                result.Add(new IndicatorContexts(Str(m, "indicator", path + ".indicator"), counting, contexts));
            }
            return result;
        }

        private List<MigIndicator> ReadMig(YamlSequenceNode seq)
        {
            var result = new List<MigIndicator>();
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var path = $"funding.mig_variable_part[{i}]";
                var m = Map(seq.Children[i], path, "id", "block", "block_weight_pct", "label", "inputs", "weight_pct", "scoring", "quartile_points", "piramig_questions", "reading", "source");
                var inputs = List(m, "inputs", path + ".inputs", (n, p) =>
                {
                    var t = Scalar(n, p);
                    return MigInputs.All.Contains(t) ? t : throw Error(n, p, $"donnée « {t} » inconnue (attendu : {string.Join(", ", MigInputs.All)}).");
                });
                var scoring = Str(m, "scoring", path + ".scoring") switch
                {
                    "share" => MigScoring.Share,
                    "quartiles" => MigScoring.Quartiles,
                    "presence" => MigScoring.Presence,
                    var other => throw Error(m["scoring"], path + ".scoring", $"mode « {other} » inconnu (attendu : share, quartiles, presence)."),
                };
                IReadOnlyList<int> points = [];
                if (scoring == MigScoring.Quartiles)
                {
                    points = List(m, "quartile_points", path + ".quartile_points", (n, p) => IntOf(n, p, 0));
                    if (points.Count != 4) throw Error(m["quartile_points"], path + ".quartile_points", "4 valeurs attendues (points des quartiles 1 à 4).");
                }
                var reading = Optional(m, "reading") is { } r ? Scalar(r, path + ".reading") : "";
                result.Add(new MigIndicator(RuleId(m, path + ".id"), Str(m, "block", path + ".block"), Dec(m, "block_weight_pct", path + ".block_weight_pct"),
                    Str(m, "label", path + ".label"), inputs, Dec(m, "weight_pct", path + ".weight_pct"), scoring, points,
                    Optional(m, "piramig_questions") is { } q ? Scalar(q, path + ".piramig_questions") : "", reading,
                    Source(Required(m, "source", path + ".source"), path + ".source")));
            }
            if (result.Count == 0) throw Error(seq, "funding.mig_variable_part", "aucun indicateur.");
            foreach (var block in result.GroupBy(r => r.Block))
            {
                var weights = block.Select(b => b.BlockWeightPct).Distinct().ToList();
                if (weights.Count != 1) throw Error(seq, "funding.mig_variable_part", $"le bloc « {block.Key} » a plusieurs poids ({string.Join(", ", weights)}).");
                var sum = block.Sum(b => b.WeightPct);
                if (sum != weights[0]) throw Error(seq, "funding.mig_variable_part", string.Create(CultureInfo.InvariantCulture, $"les indicateurs du bloc « {block.Key} » font {sum} % au lieu de {weights[0]} %."));
            }
            var total = result.GroupBy(r => r.Block).Sum(g => g.First().BlockWeightPct);
            if (total != 100m) throw Error(seq, "funding.mig_variable_part", string.Create(CultureInfo.InvariantCulture, $"les blocs font {total} % au lieu de 100 %."));
            return result;
        }

        private void CheckCompleteness(Referential r, YamlNode root)
        {
            foreach (var kind in Enum.GetValues<SiteKind>())
            {
                var fields = kind.IsCrmr() ? Enum.GetValues<ClinicalField>().Select(f => (ClinicalField?)f).ToArray() : [null];
                foreach (var field in fields)
                {
                    var what = kind.Code() + (field is { } f ? "/" + f.Code() : "");
                    if (r.FindThreshold(kind, field, Criterion.ActivePatients) is null)
                        throw Error(root, "thresholds", $"aucun seuil de file active pour {what}.");
                    if (kind.IsCrmr() && r.FindThreshold(kind, field, Criterion.CsHdj) is null)
                        throw Error(root, "thresholds", $"aucun seuil de CS/HDJ pour {what}.");
                    if (kind.IsCrmr() && r.FindThreshold(kind, field, Criterion.Research) is null)
                        throw Error(root, "thresholds", $"aucun seuil de recherche pour {what}.");
                }
            }
            foreach (var c in new[] { Criterion.CsHdj, Criterion.Research, Criterion.HeadAge, Criterion.HeadStatus })
            {
                if (r.NotApplicable.All(n => n.Criterion != c))
                    throw Error(root, "not_applicable", $"aucune règle « sans objet » pour le critère {c.Code()}.");
            }
        }

        // --- node helpers ---

        private YamlMappingNode Map(YamlNode node, string path, params string[] allowed)
        {
            if (node is not YamlMappingNode map) throw Error(node, path, "une table (clé: valeur) est attendue.");
            foreach (var key in map.Children.Keys)
            {
                var name = key is YamlScalarNode s ? s.Value ?? "" : "?";
                if (!allowed.Contains(name)) throw Error(key, path == "(racine)" ? name : path + "." + name, $"clé inconnue (attendu : {string.Join(", ", allowed)}).");
            }
            return map;
        }

        private YamlSequenceNode Seq(YamlNode node, string path) =>
            node as YamlSequenceNode ?? throw Error(node, path, "une liste est attendue.");

        private static YamlNode? Optional(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        private YamlNode Required(YamlMappingNode map, string key, string path) =>
            Optional(map, key) ?? throw Error(map, path, "champ obligatoire manquant.");

        private string Scalar(YamlNode node, string path)
        {
            if (node is not YamlScalarNode s) throw Error(node, path, "une valeur simple est attendue.");
            var v = s.Value?.Trim() ?? "";
            if (v.Length == 0) throw Error(node, path, "valeur vide.");
            return v;
        }

        private string Str(YamlMappingNode map, string key, string path) => Scalar(Required(map, key, path), path);

        private int Int(YamlMappingNode map, string key, string path, int min = int.MinValue) => IntOf(Required(map, key, path), path, min);

        private int IntOf(YamlNode node, string path, int min)
        {
            var t = Scalar(node, path);
            if (!int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) throw Error(node, path, $"nombre entier attendu, « {t} » lu.");
            if (v < min) throw Error(node, path, string.Create(CultureInfo.InvariantCulture, $"valeur {v} inférieure au minimum permis ({min})."));
            return v;
        }

        private decimal Dec(YamlMappingNode map, string key, string path)
        {
            var node = Required(map, key, path);
            var t = Scalar(node, path);
            if (!decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) || v < 0) throw Error(node, path, $"nombre positif attendu, « {t} » lu.");
            return v;
        }

        private List<T> List<T>(YamlMappingNode map, string key, string path, Func<YamlNode, string, T> item)
        {
            var seq = Seq(Required(map, key, path), path);
            if (seq.Children.Count == 0) throw Error(seq, path, "liste vide.");
            return seq.Children.Select((n, i) => item(n, $"{path}[{i}]")).ToList();
        }

        private SiteKind Kind(YamlMappingNode map, string key, string path) => KindOf(Required(map, key, path), path);

        private SiteKind KindOf(YamlNode node, string path)
        {
            var t = Scalar(node, path);
            return Codes.TryParseKind(t, out var k) ? k : throw Error(node, path, $"type de centre « {t} » inconnu (attendu : {string.Join(", ", Codes.AllKindCodes)}).");
        }

        private string RuleId(YamlMappingNode map, string path)
        {
            var node = Required(map, "id", path);
            var id = Scalar(node, path);
            if (!ruleIds.Add(id)) throw Error(node, path, $"identifiant de règle « {id} » déjà utilisé.");
            return id;
        }

        private SourceRef Source(YamlNode node, string path)
        {
            var m = Map(node, path, "document", "section", "quote");
            var docId = Str(m, "document", path + ".document");
            if (!documents.TryGetValue(docId, out var doc))
                throw Error(m["document"], path + ".document", $"document « {docId} » non déclaré dans « documents ».");
            return new SourceRef(doc, Str(m, "section", path + ".section"), Str(m, "quote", path + ".quote"));
        }
    }
}
