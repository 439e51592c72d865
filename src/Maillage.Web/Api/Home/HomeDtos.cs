using Maillage.Core.Features.Home;

namespace Maillage.Web.Api.Home;

/// <summary>The caller's home (<c>GET /me/home</c>): who, what Maillage does for the role, what waits, notifications.</summary>
public sealed record HomeDto(string UserName, string DisplayName, string Role, string RoleLabel, string? Scope, string? ScopeLabel, IReadOnlyList<string> About,
    DateOnly Today, IReadOnlyList<HomeItemDto> Items, IReadOnlyList<HomeNotificationDto> Notifications, int Unread)
{
    public static HomeDto From(HomeView v, string? scope)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.UserName, v.DisplayName, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.Role.ToString()), v.RoleLabel, scope, v.ScopeLabel, v.About, v.Today,
            v.Items.Select(HomeItemDto.From).ToList(), v.Notifications.Select(HomeNotificationDto.From).ToList(), v.Unread);
    }
}

/// <summary>One thing waiting: its section (<c>kind</c> code and label), what to do, on what, by when, and the page where it is done.</summary>
public sealed record HomeItemDto(string Kind, string KindLabel, string What, string Subject, DateOnly? Deadline, bool Late, string Href)
{
    public static HomeItemDto From(HomeItem i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Kind.Code(), i.Kind.Label(), i.What, i.Subject, i.Deadline, i.Late, i.Link);
    }
}

/// <summary>A notification with its read state for the caller's account.</summary>
public sealed record HomeNotificationDto(int Id, string Subject, string Body, DateTimeOffset CreatedAt, bool Read, string? Href, string? HrefLabel)
{
    public static HomeNotificationDto From(HomeNotification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new(n.Id, n.Subject, n.Body, n.CreatedAt, n.Read, n.Link, n.LinkLabel);
    }
}

/// <summary>The answer of marking every notification read: how many were unread.</summary>
public sealed record MarkedReadDto(int Marked);
