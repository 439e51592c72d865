using System.Net;
using System.Text;
using Maillage.Core.Data;
using Maillage.Testing;
using Maillage.Web.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>A body over the server's or the form's limit answers 413 with a French message, never 500.</summary>
public sealed class RequestBodyLimitTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A file part of <paramref name="bytes"/> bytes, generated while sent (never held in memory).</summary>
    private sealed class Filler(long bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var block = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            for (var left = bytes; left > 0; left -= block.Length) await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes;
            return true;
        }
    }

    private static MultipartFormDataContent Upload(long bytes, string? token = null)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new Filler(bytes), "file", "gros.csv");
        return form;
    }

    [Fact]
    public async Task A_page_form_over_its_limit_answers_413_in_French()
    {
        var app = apps[DatabaseProvider.Sqlite];
        using var client = app.PageClient();
        var token = HtmlForm.AntiforgeryToken(await client.GetPageAsync(Routes.Pages.Compliance));
        using var r = await client.PostAsync(new Uri(Routes.Pages.Compliance + "/file", UriKind.Relative), Upload(11L * 1024 * 1024, token), Ct);
        var html = await r.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("Requête trop volumineuse", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"fr\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_form_over_the_multipart_limit_answers_413_problem_json_in_French()
    {
        var app = apps[DatabaseProvider.Sqlite];
        using var client = app.CreateClient();
        // The form reader's default multipart limit is 128 MB.
        using var r = await client.PostAsync(new Uri(Routes.Api.Compliance + "/check", UriKind.Relative), Upload(130L * 1024 * 1024), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Requête trop volumineuse", await r.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>Kestrel's own limit (MaxRequestBodySize) raises BadHttpRequestException(413), which the test server does not enforce.</summary>
    [Theory]
    [InlineData(Routes.Api.Dossiers + "/X/documents", "application/problem+json")]
    [InlineData(Routes.Pages.Procedures + "/X", "text/html")]
    public async Task Kestrels_body_limit_answers_413_in_French(string path, string mediaType)
    {
        var http = new DefaultHttpContext { RequestServices = apps[DatabaseProvider.Sqlite].Services.CreateScope().ServiceProvider };
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        var middleware = new InputErrorsMiddleware(_ => throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));

        await middleware.InvokeAsync(http);

        Assert.Equal(413, http.Response.StatusCode);
        Assert.StartsWith(mediaType, http.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("Requête trop volumineuse", Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()), StringComparison.Ordinal);
    }
}
