using System.Text;
using Maillage.Core.Infrastructure.Security;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Maillage.Web.Activity;

/// <summary>
/// Receiving an activity extract over HTTP (API and upload page): the body is streamed straight to the job's file,
/// never read whole into memory nor buffered by the form reader. Raw <c>text/csv</c> / <c>application/gzip</c> bodies
/// and <c>multipart/form-data</c> (the first file part; form fields before it are handed to the caller).
/// </summary>
public static class ActivityUpload
{
    /// <summary>The largest upload accepted (4 GiB), on the import endpoints only.</summary>
    public const long MaxBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>A form field value longer than this is refused (only small fields precede the file).</summary>
    private const int MaxFieldBytes = 16 * 1024;

    /// <summary>The extract comes from the national data bank and replaces every centre's figures: national administrators
    /// only — the rule is Core's (<see cref="Maillage.Core.Features.Activity.ActivityImporter.CanImport"/>); this only shows or hides the button.</summary>
    public static bool CanImport(Caller caller) => Maillage.Core.Features.Activity.ActivityImporter.CanImport(caller);

    /// <summary>Raises this request's body limit to <see cref="MaxBytes"/> (Kestrel's default is 30 MB).</summary>
    public static void AllowLargeBody(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes;
    }

    /// <summary>The file name kept (no directory), or an error naming what is wrong.</summary>
    public static bool TryFileName(string? raw, bool? gzip, out string name, out string? error)
    {
        name = Path.GetFileName((raw ?? "").Replace('\\', '/')).Trim();
        error = null;
        if (name.Length is 0 or > 200 || name.Any(char.IsControl))
        {
            error = "nom de fichier absent ou invalide (200 caractères au plus).";
            return false;
        }
        var isGz = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (!isGz && !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            error = $"« {name} » : un extrait d'activité est un fichier .csv ou .csv.gz.";
            return false;
        }
        if (gzip == true && !isGz)
        {
            error = $"« {name} » : un corps application/gzip doit porter un nom en .gz.";
            return false;
        }
        if (gzip == false && isGz)
        {
            error = $"« {name} » : un corps text/csv ne peut pas porter un nom en .gz (envoyez-le en application/gzip).";
            return false;
        }
        return true;
    }

    /// <summary>
    /// Reads the parts of a multipart body up to its first file part: each plain field goes to <paramref name="onField"/>
    /// (which may refuse the request by returning an error); returns the file part's name and body, or an error.
    /// </summary>
    public static async Task<(string? FileName, Stream? Body, string? Error)> FirstFileAsync(HttpRequest request,
        Func<string, string, Task<string?>>? onField, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            return (null, null, "corps multipart sans délimiteur (boundary).");
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                continue;
            if (disposition.IsFileDisposition())
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return (fileName, section.Body, null);
            }
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            var value = await ReadFieldAsync(section.Body, ct);
            if (value is null) return (null, null, $"champ « {name} » trop long.");
            if (onField is not null && await onField(name, value) is { } error) return (null, null, error);
        }
        return (null, null, "aucun fichier dans le formulaire (champ de type fichier attendu).");
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int n;
        while ((n = await body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxFieldBytes) return null;
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
