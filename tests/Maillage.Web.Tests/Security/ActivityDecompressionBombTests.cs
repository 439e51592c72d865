using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Maillage.Core.Data;
using Maillage.Core.Features.Activity;
using Maillage.Domain.Activity;
using Maillage.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// An activity extract that decompresses to an absurd size (a 2 MB gzip of 2 GB of newlines used to run 44 s) stops early
/// with a French message naming the file, and writes nothing.
/// </summary>
public sealed class ActivityDecompressionBombTests
{
    /// <summary>The header then <paramref name="newlines"/> newlines, gzipped in memory (about 1 MB per GB).</summary>
    private static byte[] Bomb(long newlines)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.ASCII.GetBytes(ActivityExtract.Header + "\n"));
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'\n');
            for (var left = newlines; left > 0; left -= block.Length) gz.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        return ms.ToArray();
    }

    private static async Task<(Exception? Error, TimeSpan Took, long Imports)> ImportAsync(MaillageFactory app, byte[] gz, ActivityImportOptions options)
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
        var rejects = Path.Combine(Path.GetTempPath(), $"maillage-bomb-{Guid.NewGuid():N}.rejects.csv");
        var clock = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            await ActivityImporter.ImportAsync(db, Maillage.Core.Infrastructure.Security.Caller.Operator, new MemoryStream(gz), "bombe.csv.gz", gz.Length, rejects, options, ct);
        }
        catch (ActivityFormatException e)
        {
            error = e;
        }
        finally
        {
            File.Delete(rejects);
        }
        var took = clock.Elapsed;
        return (error, took, await db.ActivityImports.LongCountAsync(ct) + await db.ActivityIndicators.LongCountAsync(ct));
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_gzip_of_hundreds_of_megabytes_of_newlines_stops_quickly_and_writes_nothing(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var gz = Bomb(400L * 1024 * 1024);
        Assert.True(gz.Length < 4 * 1024 * 1024, $"{gz.Length} bytes compressed");
        long before;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MaillageDbContext>();
            before = await db.ActivityImports.LongCountAsync(TestContext.Current.CancellationToken)
                + await db.ActivityIndicators.LongCountAsync(TestContext.Current.CancellationToken);
        }

        var (error, took, after) = await ImportAsync(app, gz, new ActivityImportOptions { ImportedBy = "test" });

        var refusal = Assert.IsType<ActivityDecompressionException>(error);
        Assert.Contains("bombe.csv.gz", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("absurde", refusal.Message, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(20), $"took {took}");
        Assert.Equal(before, after);
    }

    [Theory, MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Past_the_absolute_cap_the_import_stops_whatever_the_ratio(DatabaseProvider provider)
    {
        await using var app = new MaillageFactory(provider);
        var (error, _, _) = await ImportAsync(app, Bomb(64L * 1024 * 1024),
            new ActivityImportOptions { ImportedBy = "test", MaxCompressionRatio = double.MaxValue, MaxDecompressedBytes = 16L * 1024 * 1024 });
        var refusal = Assert.IsType<ActivityDecompressionException>(error);
        Assert.Contains("taille décompressée", refusal.Message, StringComparison.Ordinal);
    }
}
