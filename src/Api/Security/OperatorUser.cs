namespace ZeegWebex.Api.Security;

public sealed class OperatorUser
{
    public string Name { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = OperatorRoles.Viewer;

    public override string ToString() => $"OperatorUser({Name}, {Role})";
}
