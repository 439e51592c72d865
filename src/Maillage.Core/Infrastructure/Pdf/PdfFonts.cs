using PdfSharp.Fonts;

namespace Maillage.Core.Infrastructure.Pdf;

/// <summary>
/// The fonts of every generated PDF: DejaVu Sans (regular and bold), shipped inside this assembly
/// (<c>Infrastructure/Pdf/Fonts/</c>, Bitstream Vera licence, see LICENSE-DejaVu.txt there), so nothing depends on the
/// fonts a machine has. PDFsharp embeds a subset of each face it uses, with a ToUnicode map: the text is real,
/// searchable and copyable, accents, « », œ and € included.
/// <para>Every family name resolves to these faces; italic is simulated (no italic file is shipped).</para>
/// <para>The DSFR's Marianne is not used: the DSFR ships it only as web fonts (WOFF/WOFF2) under its own terms of use,
/// and PDFsharp needs TrueType or OpenType files (ADR 0010).</para>
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name the documents ask for.</summary>
    public const string Family = "Maillage Sans";

    private const string Regular = "DejaVuSans", Bold = "DejaVuSans-Bold";
    private static readonly PdfFonts Instance = new();
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, byte[]> Faces = new(StringComparer.Ordinal);

    private PdfFonts()
    {
    }

    /// <summary>Registers the resolver with PDFsharp (once per process; PDFsharp accepts only one resolver, set before any font use).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance)) GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        lock (Gate)
        {
            if (Faces.TryGetValue(faceName, out var bytes)) return bytes;
            var name = faceName == Bold ? Bold : Regular;
            using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"Maillage.Core.Infrastructure.Pdf.Fonts.{name}.ttf")
                ?? throw new InvalidOperationException($"Police {name}.ttf absente des ressources de Maillage.Core.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Faces[faceName] = copy.ToArray();
        }
    }
}
