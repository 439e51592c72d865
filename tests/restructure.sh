#!/usr/bin/env bash
# Moves the tests into the layout of ADR 0010 (issue 11): tests mirror src.
#
#   tests/Maillage.Testing/        shared test support (factory, databases, templates, samples) — a class library
#   tests/Maillage.Domain.Tests/   pure Domain rules (references Maillage.Domain only)
#   tests/Maillage.Core.Tests/     Core features and infrastructure (Features/<F>/, Infrastructure/<P>/, Demo/, Cli/)
#   tests/Maillage.Web.Tests/      the app through HTTP, one folder per feature (was Maillage.Integration.Tests)
#   tests/Maillage.Browser.Tests/  Playwright, page objects in Pages/
#
# Idempotent and safe to re-run after merging branches written against the old layout: it `git mv`s the files it
# knows, applies the folder rules to the files it does not know, then rewrites namespaces. Run from anywhere:
#   bash tests/restructure.sh
# Rules for files it does not know:
#   - tests/Maillage.Integration.Tests/<Folder>/…  -> tests/Maillage.Web.Tests/<Folder>/… (Fhir/ -> PublicDirectory/Fhir/)
#   - tests/Maillage.Integration.Tests/X.cs (root)  -> tests/Maillage.Web.Tests/X.cs (move it to a feature folder by hand)
#   - tests/Maillage.Domain.Tests/<Folder>/X.cs that uses Maillage.Core, Maillage.Cli or TempSqliteDb
#                                                   -> tests/Maillage.Core.Tests/Features/<Folder>/X.cs
#   - namespaces: Maillage.Integration.Tests -> Maillage.Web.Tests; every file-scoped namespace under a test project's
#     root namespace follows its folder; Maillage.Domain.Tests.* references inside Core.Tests -> Maillage.Core.Tests.*
set -euo pipefail
cd "$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"

IT=tests/Maillage.Integration.Tests
WT=tests/Maillage.Web.Tests
DT=tests/Maillage.Domain.Tests
CT=tests/Maillage.Core.Tests
TS=tests/Maillage.Testing

MOVED=() # "src dst" pairs of the known files, for the paths quoted in the docs (step 5), whether moved now or before
mv_file() { # src dst: git mv when src is tracked and dst absent (idempotent)
  local src=$1 dst=$2
  MOVED+=("$src $dst")
  [ -e "$src" ] || return 0
  if [ -e "$dst" ]; then echo "restructure: both $src and $dst exist, left as is" >&2; return 0; fi
  mkdir -p "$(dirname "$dst")"
  if git ls-files --error-unmatch "$src" >/dev/null 2>&1; then git mv "$src" "$dst"; else mv "$src" "$dst"; fi
}

# --- 1. known files --------------------------------------------------------------------------------------------------
# Shared test support -> Maillage.Testing (namespace Maillage.Testing already, except where rewritten below)
for f in MaillageFactory SeedTemplates MaillageApps Databases TestUsers PageSessions HtmlForms; do
  mv_file "$IT/Infrastructure/$f.cs" "$TS/$f.cs"
done
# The test SMTP server: replaced by tests/Tools/Maillage.SmtpSink when that lands; until then it lives here.
mv_file "$IT/Infrastructure/SmtpTestServer.cs" "$TS/Smtp/SmtpTestServer.cs"
mv_file "$IT/PublicDirectory/DirectoryTestData.cs" "$TS/Data/DirectoryTestData.cs"
mv_file "$DT/TempSqliteDb.cs" "$TS/TempSqliteDb.cs"
mv_file "$DT/Documents/HostilePdfSamples.cs" "$TS/Samples/HostilePdfSamples.cs"

# Flat integration files -> one folder per feature
declare -A ROOT=(
  [ApiRegistryReadTests.cs]=Registry [ApiRegistryScenarioTests.cs]=Registry [RegistryCliTests.cs]=Registry
  [RegistryTransferApiTests.cs]=Registry [PageEditScenarioTests.cs]=Registry
  [ApiWriteAuthorizationTests.cs]=Security [PageWriteAuthorizationTests.cs]=Security
  [CalculatorApiTests.cs]=Funding [CalculatorPageTests.cs]=Funding [SimulatorTests.cs]=Funding
  [HomeFiguresMatchCliTests.cs]=Home [HomePageTests.cs]=Home
  [OpenApiDocumentTests.cs]=Api [SchemaScriptsTests.cs]=Data
)
for f in "${!ROOT[@]}"; do mv_file "$IT/$f" "$WT/${ROOT[$f]}/$f"; done

# Domain.Tests files that need Core (or the CLI) -> Core.Tests, mirroring src/Maillage.Core
declare -A CORE=(
  [Activity/ActivityCampaignDefinitionTests.cs]=Features/Activity [Activity/ActivityExtractTests.cs]=Features/Activity
  [Activity/ActivityIndicatorTests.cs]=Features/Activity [Activity/ActivityTestData.cs]=Features/Activity
  [Compliance/ExceptionAndFloorTests.cs]=Features/Compliance [Compliance/HeadTests.cs]=Features/Compliance
  [Compliance/ThresholdTests.cs]=Features/Compliance [Compliance/Reports.cs]=Features/Compliance
  [Compliance/ReferentialLoaderTests.cs]=Infrastructure/Campaigns
  [Compliance/CliComplianceTests.cs]=Cli
  [Demo/DemoNetworkGeneratorTests.cs]=Demo
  [Documents/PdfInspectorHostileTests.cs]=Infrastructure/Pdf
  [Funding/FundingCalculatorTests.cs]=Features/Funding
  [Imports/OrphanetImporterTests.cs]=Infrastructure/Nomenclature
  [Procedures/DossierRequirementsTests.cs]=Features/Procedures
  [PublicDirectory/DiseaseIndexTests.cs]=Features/PublicDirectory
  [Reference/ReferenceDataLoaderTests.cs]=Infrastructure/ReferenceData
  [Reports/ReportWorkflowTests.cs]=Features/Reports
)
for f in "${!CORE[@]}"; do mv_file "$DT/$f" "$CT/${CORE[$f]}/$(basename "$f")"; done

# --- 2. rules for the files this script does not know ----------------------------------------------------------------
if [ -d "$IT" ]; then
  [ -f "$IT/Maillage.Integration.Tests.csproj" ] && mv_file "$IT/Maillage.Integration.Tests.csproj" "$WT/Maillage.Web.Tests.csproj"
  while IFS= read -r -d '' src; do
    rel=${src#"$IT/"}
    case "$rel" in
      */bin/*|*/obj/*|bin/*|obj/*|*/node_modules/*|node_modules/*) continue ;;
      Fhir/*) dst="$WT/PublicDirectory/$rel" ;;
      *) dst="$WT/$rel" ;;
    esac
    mv_file "$src" "$dst"
  done < <(git ls-files -z "$IT")
  # untracked leftovers (node_modules of the FHIR validator, bin/obj) are regenerated by the build
  [ -z "$(git ls-files "$IT")" ] && rm -rf "$IT"
fi
if [ -d "$DT" ]; then
  while IFS= read -r -d '' src; do
    rel=${src#"$DT/"}
    case "$rel" in */*.cs) ;; *) continue ;; esac
    if grep -qE 'Maillage\.(Core|Cli)\b|TempSqliteDb|CliApp\.' "$src"; then
      mv_file "$src" "$CT/Features/$rel"
    fi
  done < <(git ls-files -z "$DT")
fi

# --- 3. namespaces ---------------------------------------------------------------------------------------------------
# 3a. the old project name
grep -rlZ --include='*.cs' 'Maillage\.Integration\.Tests' tests 2>/dev/null | xargs -0 -r perl -pi -e 's/\bMaillage\.Integration\.Tests\b/Maillage.Web.Tests/g' || true
# 3b. moved shared support: namespace Maillage.Testing (HostilePdfSamples, TempSqliteDb, DirectoryTestData)
for f in "$TS"/*.cs "$TS"/*/*.cs; do
  [ -f "$f" ] && perl -pi -e 's/^namespace Maillage\.(Domain|Web|Core)\.Tests(\.\w+)*;/namespace Maillage.Testing;/' "$f"
done
# uses of the old namespaces of those files: drop the using when Maillage.Testing is already imported, else rewrite it
while IFS= read -r -d '' f; do
  if grep -q '^using Maillage\.Testing;' "$f"; then
    perl -ni -e 'print unless /^using Maillage\.(Domain\.Tests\.Documents|Web\.Tests\.PublicDirectory|Domain\.Tests);\s*$/' "$f"
  else
    perl -pi -e 's/^using Maillage\.(Domain\.Tests\.Documents|Web\.Tests\.PublicDirectory|Domain\.Tests);\s*$/using Maillage.Testing;\n/' "$f"
  fi
done < <(grep -rlZ --include='*.cs' -E '^using Maillage\.(Domain\.Tests\.Documents|Web\.Tests\.PublicDirectory|Domain\.Tests);' tests 2>/dev/null || true)
# 3c. Core.Tests: references to the old Domain.Tests namespaces
if [ -d "$CT" ]; then
  grep -rlZ --include='*.cs' 'Maillage\.Domain\.Tests' "$CT" | xargs -0 -r perl -pi -e 's/\bMaillage\.Domain\.Tests\b/Maillage.Core.Tests/g' || true
fi
# 3d. every file-scoped namespace under a project's root namespace follows its folder; `using static` of a type of the
#     same project follows its declaring file (only for types declared once in the project).
for project in Maillage.Domain.Tests Maillage.Core.Tests Maillage.Web.Tests; do
  dir=tests/$project
  [ -d "$dir" ] || continue
  while IFS= read -r -d '' f; do
    rel=$(dirname "${f#"$dir/"}")
    ns=$project
    [ "$rel" != "." ] && ns="$ns.${rel//\//.}"
    NS=$ns PROJ=$project perl -pi -e 's/^namespace \Q$ENV{PROJ}\E(\.[\w.]+)?;/namespace $ENV{NS};/' "$f"
  done < <(find "$dir" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' -print0)
  while IFS= read -r -d '' f; do
    perl -ne 'print "$1.$2\n" while /^using static (\Q'"$project"'\E(?:\.\w+)*)\.(\w+);/g' "$f"
  done < <(find "$dir" -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' -print0) | sort -u | while read -r used; do
    type=${used##*.}
    decl=$(grep -rlE --include='*.cs' "^(public |internal )?(static |sealed |abstract |partial )*(class|record|struct) $type\b" "$dir" | grep -v '/obj/\|/bin/' || true)
    [ "$(printf '%s\n' "$decl" | grep -c .)" -eq 1 ] || continue
    nsnow=$(perl -ne 'print $1 if /^namespace ([\w.]+);/' "$decl")
    [ -n "$nsnow" ] || continue
    grep -rlZ --include='*.cs' "using static ${used//./\\.};" "$dir" | xargs -0 -r perl -pi -e "s/^using static \Q$used\E;/using static $nsnow.$type;/" || true
  done
done

# --- 4. solution ------------------------------------------------------------------------------------------------------
perl -pi -e 's{tests/Maillage\.Integration\.Tests/Maillage\.Integration\.Tests\.csproj}{tests/Maillage.Web.Tests/Maillage.Web.Tests.csproj}' Maillage.slnx
for p in Maillage.Testing Maillage.Core.Tests; do
  if [ -f "tests/$p/$p.csproj" ] && ! grep -q "tests/$p/$p.csproj" Maillage.slnx; then
    perl -pi -e 's{^(\s*)(<Project Path="tests/Maillage\.Domain\.Tests/)}{$1<Project Path="tests/'"$p/$p"'.csproj" />\n$1$2}' Maillage.slnx
  fi
done
# --- 5. paths quoted in the docs (not in docs/adr: decisions keep the words of their day) --------------------------------
docs=$(git ls-files '*.md' 'tests/*/FhirValidation/package.json' | grep -v '^docs/adr/' | grep -v '^tests/README.md$' || true)
if [ -n "$docs" ]; then
  for pair in "${MOVED[@]}"; do
    set -- $pair
    printf '%s\n' "$docs" | xargs -r perl -pi -e "s{\Q$1\E}{$2}g"
  done
  printf '%s\n' "$docs" | xargs -r perl -pi -e 's{tests/Maillage\.Integration\.Tests/Fhir/}{tests/Maillage.Web.Tests/PublicDirectory/Fhir/}g;
    s{tests/Maillage\.Integration\.Tests/}{tests/Maillage.Web.Tests/}g; s{\bMaillage\.Integration\.Tests\.csproj}{Maillage.Web.Tests.csproj}g'
fi

echo "restructure: done ($(git status --porcelain tests Maillage.slnx | wc -l) paths changed in the work tree)"
