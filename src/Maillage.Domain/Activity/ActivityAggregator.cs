using System.Runtime.InteropServices;

namespace Maillage.Domain.Activity;

/// <summary>
/// Accumulates validated acts into per-centre, per-year tables, then computes the indicators. One aggregator per
/// partition of the patients (the scanner's workers, ADR 0012): partitions of disjoint patients are joined with
/// <see cref="AbsorbDisjoint"/> (every count is a sum over disjoint patients, so the result does not depend on the split). Patients are 64-bit keys (<see cref="ActivityKeys"/>), never identifiers.
/// </summary>
public sealed class ActivityAggregator
{
    private readonly Dictionary<long, CentreYear> _tables = [];
    /// <summary>Per centre index, the table last used (usually the only year): saves a hash lookup per act.</summary>
    private CentreYear?[] _recent = new CentreYear?[64];

    /// <summary>Per-patient state within one centre and year.</summary>
    private struct PatientState
    {
        public ushort Contexts;
        public ActFlags Flags;
        public byte Residence;
        public int LastDay;

        /// <summary>Keeps the residence of the latest act; same day: the greater code in text order (non-empty wins).</summary>
        public void Observe(ushort contexts, ActFlags flags, int day, byte residence)
        {
            Contexts |= contexts;
            Flags |= flags;
            if (day > LastDay || (day == LastDay && residence > Residence))
            {
                LastDay = day;
                Residence = residence;
            }
        }
    }

    private sealed class CentreYear(int centre, int year)
    {
        public readonly int Centre = centre;
        public readonly int Year = year;
        public readonly long[] ActsByContext = new long[ActivityContexts.Count];
        public long OutOfScopeActs;
        public readonly KeyTable<PatientState> Patients = new();
        /// <summary>(patient, stay) key → contexts seen on that stay.</summary>
        public readonly KeyTable<ushort> Stays = new();
        /// <summary>The same (centre, year) in other aggregators holding other patients (<see cref="AbsorbDisjoint"/>).</summary>
        public List<CentreYear>? Parts;

        public IEnumerable<CentreYear> All() => Parts is null ? [this] : Parts.Prepend(this);
    }

    /// <summary>Number of (centre, year) tables.</summary>
    public int TableCount => _tables.Count;

    public void Add(in ActivityAct act)
    {
        if (act.Centre >= _recent.Length) Array.Resize(ref _recent, Math.Max(act.Centre + 1, _recent.Length * 2));
        var table = _recent[act.Centre];
        if (table is null || table.Year != act.Year) table = _recent[act.Centre] = Table(act.Centre, act.Year);
        if ((act.Flags & ActFlags.OutOfScope) != 0)
        {
            table.OutOfScopeActs++;
            return;
        }
        table.ActsByContext[(int)act.Context]++;
        var bit = (ushort)(1 << (int)act.Context);
        table.Patients.GetOrAdd(act.Patient).Observe(bit, act.Flags, act.Day, act.Residence);
        if (act.Stay != 0) table.Stays.GetOrAdd(act.Stay) |= bit;
    }

    /// <summary>Acts read ahead by <see cref="AddBatch"/>: their table slots are loaded first, then the acts added.</summary>
    private const int ReadAhead = 32;

    /// <summary>
    /// <see cref="Add"/> for each act, reading ahead: for each window of acts, the patient's and stay's slots are first
    /// loaded (independent reads, so their cache misses overlap instead of following one another), then the acts added
    /// in order. The result is exactly that of adding them one by one.
    /// </summary>
    public void AddBatch(ReadOnlySpan<ActivityAct> acts)
    {
        ulong sink = 0;
        for (var start = 0; start < acts.Length; start += ReadAhead)
        {
            var window = acts.Slice(start, Math.Min(ReadAhead, acts.Length - start));
            foreach (ref readonly var act in window)
            {
                if ((uint)act.Centre >= (uint)_recent.Length) continue;
                var table = _recent[act.Centre];
                if (table is null || table.Year != act.Year) continue;
                sink ^= table.Patients.Touch(act.Patient);
                if (act.Stay != 0) sink ^= table.Stays.Touch(act.Stay);
            }
            foreach (ref readonly var act in window) Add(in act);
        }
        _touched = sink;
    }

    /// <summary>Keeps the read-ahead loads from being optimised away.</summary>
    private ulong _touched;

    private CentreYear Table(int centre, int year)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_tables, ((long)centre << 16) | (uint)year, out var exists);
        if (!exists) slot = new CentreYear(centre, year);
        return slot!;
    }

    /// <summary>
    /// Adds another aggregator's tables into this one when the two saw disjoint sets of patients (the scanner's partitions:
    /// each holds the patients of one hash range, with all their acts and stays), without reinserting anything: the
    /// other's per-patient tables are kept as parts of this one's (centre, year) and read by <c>Compute</c>. The other
    /// must not be used afterwards. Every count is a sum over disjoint patients, so the result is the one a single
    /// aggregator would give.
    /// </summary>
    public void AbsorbDisjoint(ActivityAggregator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, theirs) in other._tables)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_tables, key, out var exists);
            if (!exists)
            {
                slot = theirs;
                continue;
            }
            var mine = slot!;
            for (var i = 0; i < mine.ActsByContext.Length; i++) mine.ActsByContext[i] += theirs.ActsByContext[i];
            mine.OutOfScopeActs += theirs.OutOfScopeActs;
            (mine.Parts ??= []).Add(theirs);
            if (theirs.Parts is not null) mine.Parts.AddRange(theirs.Parts);
        }
        other._tables.Clear();
        Array.Clear(other._recent);
        Array.Clear(_recent);
    }

    /// <summary>The indicators of every (centre, year) seen, sorted by centre id (ordinal) then year.</summary>
    public List<ActivityIndicators> Compute(ActivityReferential referential, ActivityIndicatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Compute(referential, _ => definition);
    }

    /// <summary>
    /// The indicators of every (centre, year) seen, each year counted with <paramref name="definitionOfYear"/>'s
    /// contexts (the campaign referential covering that year), sorted by centre id (ordinal) then year.
    /// </summary>
    public List<ActivityIndicators> Compute(ActivityReferential referential, Func<int, ActivityIndicatorDefinition> definitionOfYear) =>
        Compute(referential, definitionOfYear, null);

    /// <summary>
    /// As <see cref="Compute(ActivityReferential, Func{int, ActivityIndicatorDefinition})"/>, and in the same pass over the
    /// patients, when <paramref name="residences"/> is given, the file active by département of residence (see
    /// <see cref="ComputeResidences"/>) appended to it.
    /// </summary>
    public List<ActivityIndicators> Compute(ActivityReferential referential, Func<int, ActivityIndicatorDefinition> definitionOfYear, List<ActiveResidence>? residences)
    {
        ArgumentNullException.ThrowIfNull(referential);
        ArgumentNullException.ThrowIfNull(definitionOfYear);
        var tables = _tables.Values.ToArray();
        // Each year's definition first, on this thread (the callback need not be thread-safe).
        var definitions = new Dictionary<int, ActivityIndicatorDefinition>();
        foreach (var t in tables)
            if (!definitions.ContainsKey(t.Year))
                definitions[t.Year] = definitionOfYear(t.Year) ?? throw new InvalidOperationException($"Aucune définition des indicateurs pour {t.Year}.");
        var computed = new ActivityIndicators[tables.Length];
        var residencesOf = residences is null ? null : new List<ActiveResidence>?[tables.Length];
        void One(int i) => computed[i] = ComputeTable(tables[i], definitions[tables[i].Year], referential, residencesOf is null ? null : residencesOf[i] = []);
        // The tables are independent: a national file's (millions of patients) are read on every core, a small one's on
        // this thread. The result is sorted below, so it does not depend on the order.
        long patients = 0;
        foreach (var t in tables)
        foreach (var part in t.All()) patients += part.Patients.Count;
        if (patients >= ParallelComputeThreshold && Environment.ProcessorCount > 1) Parallel.For(0, tables.Length, One);
        else for (var i = 0; i < tables.Length; i++) One(i);
        var result = new List<ActivityIndicators>(computed);
        if (residences is not null)
            foreach (var list in residencesOf!) residences.AddRange(list!);
        result.Sort((a, b) => string.CompareOrdinal(a.CentreId, b.CentreId) is var c and not 0 ? c : a.Year.CompareTo(b.Year));
        residences?.Sort((a, b) => string.CompareOrdinal(a.CentreId, b.CentreId) is var c and not 0 ? c
            : a.Year.CompareTo(b.Year) is var y and not 0 ? y : string.CompareOrdinal(a.Residence, b.Residence));
        return result;
    }

    /// <summary>Patients above which <see cref="Compute(ActivityReferential, Func{int, ActivityIndicatorDefinition}, List{ActiveResidence}?)"/> reads the tables on every core.</summary>
    private const long ParallelComputeThreshold = 200_000;

    private static ActivityIndicators ComputeTable(CentreYear t, ActivityIndicatorDefinition definition, ActivityReferential referential, List<ActiveResidence>? residences)
    {
        Span<int> residence = stackalloc int[5];
        Span<int> byResidence = stackalloc int[256];

        var active = ActivityIndicatorDefinition.Mask(definition.ActivePatients);
        var anyAct = ActivityIndicatorDefinition.Mask(definition.Patients);
        var fullStays = ActivityIndicatorDefinition.Mask(definition.FullHospitalStays);
        var bedside = ActivityIndicatorDefinition.Mask(definition.BedsideOpinions);
        int activeCount = 0, patients = 0, confirmed = 0, coded = 0;
        residence.Clear();
        if (residences is not null) byResidence.Clear();
        foreach (var part in t.All())
        foreach (var p in part.Patients.Values())
        {
            if ((p.Contexts & anyAct) != 0)
            {
                patients++;
                if ((p.Flags & ActFlags.Confirmed) != 0) confirmed++;
                if ((p.Flags & ActFlags.OrphaCoded) != 0) coded++;
            }
            if ((p.Contexts & active) != 0)
            {
                activeCount++;
                residence[(int)referential.Classify(t.Centre, p.Residence)]++;
                byResidence[p.Residence]++;
            }
        }
        if (residences is not null)
            for (var r = 0; r < byResidence.Length; r++)
                if (byResidence[r] > 0) residences.Add(new ActiveResidence(referential.Centres[t.Centre].Id, t.Year, ResidenceCodes.CodeOf((byte)r), byResidence[r]));
        int full = 0, bed = 0;
        foreach (var part in t.All())
        foreach (var contexts in part.Stays.Values())
        {
            if ((contexts & fullStays) != 0) full++;
            if ((contexts & bedside) != 0) bed++;
        }
        int Acts(IReadOnlyList<ActivityContext> contexts) => checked((int)contexts.Sum(c => t.ActsByContext[(int)c]));
        return new ActivityIndicators
        {
            CentreId = referential.Centres[t.Centre].Id,
            Year = t.Year,
            ActivePatients = activeCount,
            Consultations = Acts(definition.Consultations),
            DayHospitalStays = Acts(definition.DayHospitalStays),
            FullHospitalStays = full,
            BedsideOpinions = bed,
            FileOpinions = Acts(definition.FileOpinions),
            RcpOrganised = Acts(definition.RcpOrganised),
            RcpNational = Acts(definition.RcpNational),
            Patients = patients,
            ConfirmedPatients = confirmed,
            OrphaCodedPatients = coded,
            ResidentSameDepartement = residence[(int)ResidenceClass.SameDepartement],
            ResidentSameRegion = residence[(int)ResidenceClass.SameRegion],
            ResidentOtherRegion = residence[(int)ResidenceClass.OtherRegion],
            ResidentAbroad = residence[(int)ResidenceClass.Abroad],
            ResidentUnknown = residence[(int)ResidenceClass.Unknown],
            OutOfScopeActs = checked((int)t.OutOfScopeActs),
        };
    }

    /// <summary>
    /// The file active of every (centre, year) by the residence on each active patient's latest act of the year (INSEE
    /// département code, "99" abroad, "" unknown), counted with the same contexts as <see cref="Compute(ActivityReferential, Func{int, ActivityIndicatorDefinition})"/>:
    /// for each (centre, year) the counts sum to its <c>active_patients</c>. Sorted by centre, year, residence (ordinal).
    /// </summary>
    public List<ActiveResidence> ComputeResidences(ActivityReferential referential, Func<int, ActivityIndicatorDefinition> definitionOfYear)
    {
        var residences = new List<ActiveResidence>();
        Compute(referential, definitionOfYear, residences);
        return residences;
    }
}

/// <summary>Active patients of a centre in a year living in one département ("99" abroad, "" unknown): an aggregate, no identifier.</summary>
public sealed record ActiveResidence(string CentreId, int Year, string Residence, int ActivePatients);
