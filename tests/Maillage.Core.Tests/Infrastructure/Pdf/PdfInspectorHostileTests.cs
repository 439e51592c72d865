using System.Diagnostics;
using Maillage.Core.Infrastructure.Pdf;
using Xunit;

using Maillage.Testing;

namespace Maillage.Core.Tests.Infrastructure.Pdf;

/// <summary>
/// The PDF check of uploads against hostile files: each is refused, within a wall-clock bound generous enough not to
/// depend on an idle machine (the old hand-written check took 73 s and 4 GB on a 1.5 MB file).
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class PdfInspectorHostileTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static async Task<PdfCheck> CheckAsync(byte[] file)
    {
        var clock = Stopwatch.StartNew();
        var check = await PdfInspector.InspectAsync(file, TestContext.Current.CancellationToken);
        Assert.True(clock.Elapsed < Bound, $"inspection took {clock.Elapsed}");
        return check;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    public async Task A_valid_pdf_is_accepted_with_its_page_count(int pages)
    {
        var check = await CheckAsync(HostilePdfSamples.Valid(pages));
        Assert.True(check.IsPdf, check.Error);
        Assert.Equal(pages, check.PageCount);
    }

    [Fact]
    public async Task A_pdf_that_needs_a_password_is_refused_with_a_clear_reason()
    {
        var check = await CheckAsync(HostilePdfSamples.Encrypted(2, userPassword: "secret", ownerPassword: "owner"));
        Assert.False(check.IsPdf);
        Assert.Null(check.PageCount);
        Assert.Equal(PdfInspector.Protected, check.Error);
    }

    [Fact]
    public async Task A_pdf_protected_only_against_changes_is_read_or_refused_as_protected_never_as_broken()
    {
        var check = await CheckAsync(HostilePdfSamples.Encrypted(3, userPassword: null, ownerPassword: "owner"));
        if (check.IsPdf) Assert.Equal(3, check.PageCount);
        else Assert.Equal(PdfInspector.Protected, check.Error);
    }

    [Fact]
    public async Task Noise_between_a_header_and_an_end_marker_is_not_a_document()
    {
        var check = await CheckAsync(HostilePdfSamples.Garbage());
        Assert.False(check.IsPdf);
        Assert.Equal(PdfInspector.NotReadable, check.Error);
    }

    [Fact]
    public async Task A_generated_letter_has_the_page_count_it_was_written_with()
    {
        var builder = new PdfDocumentBuilder("Lettre");
        for (var i = 0; i < 4; i++) builder.Paragraph($"Page {i}").PageBreak();
        var check = await CheckAsync(builder.Paragraph("Fin").ToBytes());
        Assert.True(check.IsPdf, check.Error);
        Assert.Equal(5, check.PageCount);
    }

    [Fact]
    public async Task A_near_empty_file_is_not_a_document()
    {
        foreach (var file in new[] { HostilePdfSamples.NearEmpty(), HostilePdfSamples.NearEmptyPadded() })
        {
            var check = await CheckAsync(file);
            Assert.False(check.IsPdf);
            Assert.Null(check.PageCount);
            Assert.Contains("PDF", check.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_deflate_bomb_in_an_object_stream_is_refused_without_inflating_it()
    {
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var check = await CheckAsync(HostilePdfSamples.DeflateBomb(1L << 30));
        Assert.False(check.IsPdf);
        Assert.Contains("trop complexe", check.Error, StringComparison.Ordinal);
        // The scan inflates into a scratch buffer: far less than the gigabyte the stream holds is ever allocated.
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 256L * 1024 * 1024);
    }

    [Fact]
    public async Task Many_object_streams_each_under_the_cap_are_refused_by_the_total()
    {
        var check = await CheckAsync(HostilePdfSamples.DeflateBomb(24L * 1024 * 1024, streams: 8));
        Assert.False(check.IsPdf);
        Assert.Contains("trop complexe", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_megabytes_of_repeated_ObjStm_dictionaries_are_refused_quickly()
    {
        var clock = Stopwatch.StartNew();
        var check = await CheckAsync(HostilePdfSamples.RepeatedObjStm());
        Assert.False(check.IsPdf);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
    }

    [Fact]
    public async Task Thousands_of_object_streams_are_refused()
    {
        var check = await CheckAsync(HostilePdfSamples.ManyObjectStreams(PdfInspector.MaxDecodedStreams + 10));
        Assert.False(check.IsPdf);
        Assert.Contains("trop complexe", check.Error, StringComparison.Ordinal);
        Assert.False((await CheckAsync(HostilePdfSamples.ManyObjectStreams(2000))).IsPdf);
    }

    [Fact]
    public async Task A_truncated_cross_reference_table_is_not_read_as_a_document()
    {
        var file = HostilePdfSamples.TruncatedXref();
        var check = await CheckAsync(file);
        Assert.False(check.IsPdf, System.Text.Encoding.Latin1.GetString(file[^400..]));
        Assert.Null(check.PageCount);
    }

    [Fact]
    public async Task Past_its_time_budget_the_check_refuses()
    {
        var check = await PdfInspector.InspectAsync(HostilePdfSamples.Valid(200), TestContext.Current.CancellationToken, TimeSpan.Zero);
        Assert.False(check.IsPdf);
        Assert.Equal(PdfInspector.TooComplex, check.Error);
    }

    [Fact]
    public async Task The_callers_cancellation_stops_the_check()
    {
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PdfInspector.InspectAsync(HostilePdfSamples.Valid(1), gone.Token));
    }
}

/// <summary>Tests that measure the process's allocations run alone: other tests running in parallel in the same process
/// would add theirs to the count.</summary>
[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;
