using Maillage.Web.Exports;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Api;

/// <summary>
/// On a handler: this operation can answer the problem details of <paramref name="statusCode"/> (RFC 7807,
/// application/problem+json). The success types come from the handler's typed <c>Results&lt;…&gt;</c>; the problem
/// statuses are declared here because one <see cref="Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult"/> carries any status.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesProblemAttribute(int statusCode) : Attribute, IProducesResponseTypeMetadata
{
    public int StatusCode { get; } = statusCode;
    public Type? Type => typeof(ProblemDetails);
    public string? Description => null;
    public IEnumerable<string> ContentTypes { get; } = ["application/problem+json"];
}

/// <summary>On a handler: with <c>format=csv|xlsx</c> the operation answers the same table as a file (200, text/csv).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProducesTableAttribute : Attribute, IProducesResponseTypeMetadata
{
    public int StatusCode => StatusCodes.Status200OK;
    public Type? Type => null;
    public string? Description => null;
    public IEnumerable<string> ContentTypes { get; } = [TableExport.CsvContentType];
}

/// <summary>On a handler: the operation answers a file of <paramref name="contentType"/> (200).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesFileAttribute(string contentType) : Attribute, IProducesResponseTypeMetadata
{
    public int StatusCode => StatusCodes.Status200OK;
    public Type? Type => null;
    public string? Description => null;
    public IEnumerable<string> ContentTypes { get; } = [contentType];
}

/// <summary>
/// On a handler: this operation can answer validation problem details of <paramref name="statusCode"/> (an
/// <see cref="HttpValidationProblemDetails"/>: <c>errors</c> by field), as <c>ProducesValidationProblem</c> does on a route.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesValidationProblemAttribute(int statusCode) : Attribute, IProducesResponseTypeMetadata
{
    public int StatusCode { get; } = statusCode;
    public Type? Type => typeof(HttpValidationProblemDetails);
    public string? Description => null;
    public IEnumerable<string> ContentTypes { get; } = ["application/problem+json"];
}
