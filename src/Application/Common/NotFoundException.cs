namespace ZeegWebex.Application.Common;

/// <summary>What the request names does not exist.</summary>
public sealed class NotFoundException(string detail) : Exception(detail);
