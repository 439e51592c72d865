namespace Maillage.Domain.Territory;

/// <summary>
/// Where the active patients of a centre (or of a set of centres) live, relative to the centre's site: the regional,
/// national and international attraction of the note n° DGOS/DIR/DGRI/2018/218 du 19 septembre 2018 (§1, "Mission de prise en charge": a reference centre "exerce une
/// attraction régionale, nationale ou internationale"). Regional = same département + rest of the same region;
/// national = another French region (overseas included); international = abroad (code 99); unknown = no residence code.
/// Shares are over patients whose residence is known; null when none is.
/// </summary>
public sealed record AttractionCounts(int SameDepartement, int SameRegion, int OtherRegion, int Abroad, int Unknown)
{
    public static readonly AttractionCounts Zero = new(0, 0, 0, 0, 0);

    public int Total => SameDepartement + SameRegion + OtherRegion + Abroad + Unknown;
    public int Known => SameDepartement + SameRegion + OtherRegion + Abroad;
    public int Regional => SameDepartement + SameRegion;
    public int National => OtherRegion;
    public int International => Abroad;

    public double? RegionalShare => Share(Regional);
    public double? NationalShare => Share(National);
    public double? InternationalShare => Share(International);

    private double? Share(int n) => Known == 0 ? null : (double)n / Known;

    public static AttractionCounts operator +(AttractionCounts a, AttractionCounts b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.SameDepartement + b.SameDepartement, a.SameRegion + b.SameRegion, a.OtherRegion + b.OtherRegion,
            a.Abroad + b.Abroad, a.Unknown + b.Unknown);
    }

    public static AttractionCounts Add(AttractionCounts a, AttractionCounts b) => a + b;
}
