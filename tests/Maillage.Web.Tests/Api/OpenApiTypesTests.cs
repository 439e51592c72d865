using System.Text.Json;
using System.Text.Json.Schema;
using Maillage.Core.Data;
using Maillage.Testing;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Maillage.Web.Tests.Api;

/// <summary>
/// When the OpenAPI document cannot be built, /api/v1/openapi.json answers 500 without saying which operation is at
/// fault. This test names it: every body, query or route parameter and every response of every API operation has a
/// type whose JSON schema the app's serializer can give.
/// </summary>
public sealed class OpenApiTypesTests(MaillageApps apps) : IClassFixture<MaillageApps>
{
    [Fact]
    public void Every_operation_has_types_the_document_can_describe()
    {
        var app = apps[DatabaseProvider.Sqlite];
        var provider = app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>();
        var json = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var faults = new List<string>();
        foreach (var d in provider.ApiDescriptionGroups.Items.SelectMany(g => g.Items))
        {
            var op = $"{d.HttpMethod} /{d.RelativePath}";
            foreach (var p in d.ParameterDescriptions)
            {
                if (p.Source == BindingSource.Services || p.Source == BindingSource.Special || p.Source == BindingSource.FormFile) continue;
                Check(op, $"paramètre « {p.Name} » ({p.Source?.Id})", p.Type);
            }
            foreach (var r in d.SupportedResponseTypes)
                if (r.ApiResponseFormats.Count > 0 || (r.Type is not null && r.Type != typeof(void)))
                    Check(op, $"réponse {r.StatusCode}", r.Type);
        }
        Assert.True(faults.Count == 0, string.Join("\n", faults));

        void Check(string op, string what, Type? type)
        {
            if (type is null) { faults.Add($"{op} : {what} sans type"); return; }
            try { _ = JsonSchemaExporter.GetJsonSchemaAsNode(json, type); }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
            {
                faults.Add($"{op} : {what} de type {type} : {e.Message}");
            }
        }
    }
}
