namespace ZeegWebex.Domain.Connections;

public enum ConnectionStatus
{
    Active = 1,
    ReauthorizationRequired = 2,
    Disconnected = 3,
}
