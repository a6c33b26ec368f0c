namespace ZeegWebex.Api.Security;

public static class OperatorRoles
{
    /// <summary>May trigger, requeue and delete jobs in the dashboard.</summary>
    public const string Admin = "Admin";

    /// <summary>Sees the dashboard read-only.</summary>
    public const string Viewer = "Viewer";
}
