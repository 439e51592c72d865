using System.Reflection;
using Maillage.Core.Infrastructure.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Maillage.Web.Errors;

/// <summary>
/// One endpoint filter for the ranges of <see cref="InputRanges"/>, added to each API group: a parameter named <c>year</c>,
/// any date, and a parameter named <c>page</c> are checked after binding and before the handler; out of range → 400
/// naming the parameter as the client spells it. Parameters grouped in a record bound with <c>[AsParameters]</c> are
/// checked the same way.
/// </summary>
public static class ParameterRanges
{
    private enum Kind { Year, Date, Page }

    /// <summary>Endpoint metadata: this endpoint's <c>year</c> counts years of operation (1, 2…), not calendar years; its service checks it.</summary>
    public static readonly object YearOfOperation = new YearOfOperationMarker();

    private sealed class YearOfOperationMarker;

    public static TBuilder CheckParameterRanges<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Factory);

    private static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = new List<(int Index, Func<object?, object?> Value, string Name, Kind Kind)>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.GetCustomAttribute<AsParametersAttribute>() is null) Add(i, p.ParameterType, p, p.Name, x => x);
            else
            {
                // A record of filters bound with [AsParameters]: its settable properties are the query's (ADR 0013: records
                // with init properties, which the request delegate generator binds).
                foreach (var property in p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(x => x.CanWrite))
                    Add(i, property.PropertyType, property, property.Name, x => x is null ? null : property.GetValue(x));
            }
        }
        if (checks.Count == 0) return next;

        void Add(int index, Type declared, ICustomAttributeProvider attributes, string? fallbackName, Func<object?, object?> value)
        {
            var type = Nullable.GetUnderlyingType(declared) ?? declared;
            var name = Attribute<FromQueryAttribute>(attributes)?.Name ?? Attribute<FromRouteAttribute>(attributes)?.Name ?? fallbackName ?? "";
            if (type == typeof(DateOnly)) checks.Add((index, value, name, Kind.Date));
            else if (type == typeof(int) && name.Equals("year", StringComparison.OrdinalIgnoreCase)) checks.Add((index, value, name, Kind.Year));
            else if (type == typeof(int) && name.Equals("page", StringComparison.OrdinalIgnoreCase)) checks.Add((index, value, name, Kind.Page));
        }
        return invocation =>
        {
            var calendarYears = invocation.HttpContext.GetEndpoint()?.Metadata.GetMetadata<YearOfOperationMarker>() is null;
            foreach (var (index, value, name, kind) in checks)
            {
                if (kind == Kind.Year && !calendarYears) continue;
                var error = (kind, value(invocation.Arguments[index])) switch
                {
                    (Kind.Year, int y) when !InputRanges.IsYear(y) => InputRanges.YearError(name, y),
                    (Kind.Date, DateOnly d) when !InputRanges.IsDate(d) => InputRanges.DateError(name, d),
                    (Kind.Page, int n) when n is < 1 or > InputRanges.MaxPage => InputRanges.PageError(name, n),
                    _ => null,
                };
                if (error is not null)
                    return ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: 400, title: "Requête invalide", detail: error));
            }
            return next(invocation);
        };
    }

    private static T? Attribute<T>(ICustomAttributeProvider provider) where T : Attribute =>
        provider.GetCustomAttributes(typeof(T), inherit: true).OfType<T>().FirstOrDefault();
}
