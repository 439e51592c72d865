using System.Security.Cryptography;
using System.Text;
using Maillage.Domain.Activity;
using Maillage.Domain.Referential;

namespace Maillage.Core.Infrastructure.Campaigns;

/// <summary>
/// The one catalogue of the campaign referentials (<c>referentials/*.yaml</c>): every caller (services, pages, the API,
/// the CLI, the demo seed) asks it, and it reads and parses each file once. It notices a changed file by its fingerprint:
/// on use it compares the files' names, sizes and modification times with those it loaded (a few <c>stat</c> calls) —
/// on each use, or at most once per <c>recheck</c> interval (the shipped catalogue: once a second, since a loop over
/// thousands of reports asked for it thousands of times: 0.4 s of a million-row import's 2.5 s);
/// when they differ it reads the files again and compares their SHA-256 (so a file touched but not changed keeps its
/// parsed referential), and only a changed content is parsed again. A file that cannot be used raises a
/// <see cref="ReferentialException"/> naming the file, line and field, each time it is asked for, until it is fixed.
/// </summary>
public sealed class CampaignCatalogue
{
    /// <summary>The shipped referentials (<see cref="ReferentialPaths.Directory"/>), shared by the whole process.</summary>
    public static CampaignCatalogue Shipped { get; } = new(ReferentialPaths.Directory, TimeSpan.FromSeconds(1));

    private readonly string directory;
    private readonly long recheckMilliseconds;
    private readonly Lock gate = new();
    private Snapshot current;
    private long checkedAt;

    /// <param name="directory">The folder of the <c>*.yaml</c> referentials.</param>
    /// <param name="recheck">How long a look at the files holds (zero, the default: every use looks).</param>
    public CampaignCatalogue(string directory, TimeSpan recheck = default)
    {
        this.directory = directory;
        recheckMilliseconds = (long)recheck.TotalMilliseconds;
        current = Read(Stat(), previous: null);
        checkedAt = Environment.TickCount64;
    }

    /// <summary>SHA-256 of the files' names and contents, hex; changes exactly when a referential file does.</summary>
    public string Fingerprint => Current.Fingerprint;

    /// <summary>The campaign ids (file names without extension), sorted.</summary>
    public IReadOnlyList<string> Ids => Current.Ids;

    /// <summary>The newest campaign id (the greatest, "2023-2028" after "2017-2022"), null when none is shipped.</summary>
    public string? Latest => Current.Ids.Count == 0 ? null : Current.Ids[^1];

    public bool Contains(string? campaignId) => campaignId is not null && Current.Files.ContainsKey(campaignId);

    /// <summary>The referential of a campaign id; an id that is not a shipped campaign is refused (never read as a path).</summary>
    public Referential Get(string campaignId) => Get(Current, campaignId);

    private static Referential Get(Snapshot snapshot, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        if (!snapshot.Files.TryGetValue(campaignId, out var file))
            throw new ReferentialException(campaignId + ".yaml", 0, "campaign",
                $"campagne « {campaignId} » inconnue (référentiels disponibles : {string.Join(", ", snapshot.Ids)}).");
        return file.Referential.Value;
    }

    /// <summary>Every referential, in id order.</summary>
    public IReadOnlyList<Referential> All
    {
        get
        {
            var snapshot = Current;
            return snapshot.Ids.Select(id => Get(snapshot, id)).ToList();
        }
    }

    /// <summary>The referential whose years cover <paramref name="year"/> (first_year ≤ year ≤ last_year), null when none.</summary>
    public Referential? ForYear(int year)
    {
        var snapshot = Current;
        foreach (var id in snapshot.Ids)
        {
            var r = Get(snapshot, id);
            if (r.FirstYear <= year && year <= r.LastYear) return r;
        }
        return null;
    }

    /// <summary>The activity indicator definitions of every campaign: each year counted with the campaign that covers it.</summary>
    public ActivityCampaignDefinitions Activity => Current.Activity.Value;

    private Snapshot Current
    {
        get
        {
            var seen = Volatile.Read(ref current);
            if (recheckMilliseconds > 0 && Environment.TickCount64 - Volatile.Read(ref checkedAt) < recheckMilliseconds) return seen;
            var stat = Stat();
            Volatile.Write(ref checkedAt, Environment.TickCount64);
            if (stat == seen.Stat) return seen;
            lock (gate)
            {
                if (stat == current.Stat) return current;
                var next = Read(stat, current);
                Volatile.Write(ref current, next);
                return next;
            }
        }
    }

    private string Stat()
    {
        if (!Directory.Exists(directory)) return "";
        var sb = new StringBuilder();
        foreach (var path in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            sb.Append(info.Name).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return sb.ToString();
    }

    private Snapshot Read(string stat, Snapshot? previous)
    {
        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Directory.Exists(directory))
            foreach (var path in Directory.GetFiles(directory, "*.yaml"))
                texts[Path.GetFileNameWithoutExtension(path)] = File.ReadAllText(path, Encoding.UTF8);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (id, text) in texts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(id + "\n"));
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }
        var fingerprint = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (previous is not null && previous.Fingerprint == fingerprint) return previous with { Stat = stat };
        var files = texts.ToDictionary(t => t.Key, t => new CampaignFile(new Lazy<Referential>(() => ReferentialLoader.Parse(t.Value, t.Key + ".yaml"))),
            StringComparer.Ordinal);
        var ids = texts.Keys.ToList();
        return new Snapshot(stat, fingerprint, ids, files,
            new Lazy<ActivityCampaignDefinitions>(() => new ActivityCampaignDefinitions(ids.Select(id => files[id].Referential.Value))));
    }

    private sealed record CampaignFile(Lazy<Referential> Referential);

    private sealed record Snapshot(string Stat, string Fingerprint, IReadOnlyList<string> Ids, IReadOnlyDictionary<string, CampaignFile> Files,
        Lazy<ActivityCampaignDefinitions> Activity);
}
