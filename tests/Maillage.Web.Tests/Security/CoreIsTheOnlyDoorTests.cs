using System.Reflection;
using Maillage.Core.Data;
using Xunit;

namespace Maillage.Web.Tests.Security;

/// <summary>
/// Core is the only door (issue "Trust", item 1): page models and API endpoints parse, call one Core service and map its
/// result; they hold no EF query and no business rule. This test reads the web project two ways — its sources (any mention
/// of the database context under Pages/ or Api/) and its compiled types (any constructor, handler, lambda or field typed
/// with <see cref="MaillageDbContext"/> in the Maillage.Web.Pages and Maillage.Web.Api namespaces) — and fails on any file
/// not in <see cref="AllowList"/>. The allow-list may only shrink: an entry whose file no longer needs it fails the test
/// too, so it is removed as soon as the file is moved behind a Core service.
/// </summary>
public sealed class CoreIsTheOnlyDoorTests
{
    /// <summary>Files still reaching the database directly (paths under src/Maillage.Web). Remove, never add.</summary>
    public static readonly IReadOnlyList<string> AllowList =
    [
    ];

    /// <summary>Every folder of the web project but the composition root (WebApp.cs registers the context; Auth registers
    /// Identity's store on it): pages, endpoints, background jobs, error mapping, exports, tag helpers, operations (health, telemetry).</summary>
    private static readonly string[] Folders = ["Pages", "Api", "Activity", "Errors", "Exports", "TagHelpers", "Operations"];

    [Fact]
    public void Pages_and_endpoints_do_not_query_the_database()
    {
        var web = Path.Combine(RepoRoot(), "src", "Maillage.Web");
        var offenders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var folder in Folders)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(web, folder), "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
                if (File.ReadAllText(file).Contains("DbContext", StringComparison.Ordinal))
                    offenders.Add(Path.GetRelativePath(web, file).Replace('\\', '/'));
        foreach (var type in ReflectedOffenders()) offenders.Add("type " + type);

        TestContext.Current.SendDiagnosticMessage("Allow-list ({0}): {1}", AllowList.Count, string.Join(", ", AllowList));
        var allowed = AllowList.ToHashSet(StringComparer.Ordinal);
        var reflectedTypes = offenders.Where(o => o.StartsWith("type ", StringComparison.Ordinal)).ToList();
        var newOffenders = offenders.Where(o => !o.StartsWith("type ", StringComparison.Ordinal) && !allowed.Contains(o)).ToList();
        Assert.True(newOffenders.Count == 0,
            "These files reach the database directly: move the query behind a Core service that takes the caller.\n" + string.Join("\n", newOffenders));
        // A compiled type that takes the context must come from an allow-listed file (its name is the page model's or the endpoint class's).
        var unexplained = reflectedTypes.Where(t => !AllowList.Any(f => t.Contains(Path.GetFileNameWithoutExtension(f).Replace(".cshtml", "Model", StringComparison.Ordinal), StringComparison.Ordinal)
            || t.Contains(Path.GetFileNameWithoutExtension(f), StringComparison.Ordinal))).ToList();
        Assert.True(unexplained.Count == 0, "These types take the database context outside the allow-list:\n" + string.Join("\n", unexplained));
        var stale = AllowList.Where(f => !offenders.Contains(f)).ToList();
        Assert.True(stale.Count == 0, "These allow-list entries no longer reach the database: remove them from the list.\n" + string.Join("\n", stale));
    }

    /// <summary>Types of Maillage.Web.Pages/Api (nested compiler-generated closures included) with a constructor, method
    /// parameter, field or property typed with the database context.</summary>
    private static IEnumerable<string> ReflectedOffenders()
    {
        var assembly = typeof(Maillage.Web.WebApp).Assembly;
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            var ns = type.Namespace ?? "";
            if (!Folders.Any(f => ns.StartsWith("Maillage.Web." + f, StringComparison.Ordinal))) continue;
            var usesContext =
                type.GetConstructors(all).Any(c => c.GetParameters().Any(p => IsContext(p.ParameterType)))
                || type.GetMethods(all).Any(m => m.GetParameters().Any(p => IsContext(p.ParameterType)))
                || type.GetFields(all).Any(f => IsContext(f.FieldType))
                || type.GetProperties(all).Any(p => IsContext(p.PropertyType));
            if (usesContext) yield return (type.FullName ?? type.Name).Replace('+', '.');
        }
    }

    private static bool IsContext(Type t) => typeof(Microsoft.EntityFrameworkCore.DbContext).IsAssignableFrom(t);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Maillage.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
