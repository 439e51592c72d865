namespace Maillage.Core.Infrastructure.Security;

/// <summary>
/// A Core entry point refused its caller (fail closed): pages and endpoints map it to 401 (anonymous) or 403. The
/// message is French and says who the operation is for, never what the object holds.
/// </summary>
public sealed class AccessRefusedException(Caller caller, string message) : Exception(message)
{
    public Caller Caller { get; } = caller;

    /// <summary>True when the caller is not signed in at all (401 rather than 403).</summary>
    public bool Unauthenticated => !Caller.IsAuthenticated;

    /// <summary>Throws unless the caller is a national administrator.</summary>
    public static void ThrowUnlessNational(Caller caller, string message)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAuthenticated || caller.Role != UserRole.NationalAdmin) throw new AccessRefusedException(caller, message);
    }
}
