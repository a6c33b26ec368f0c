namespace ZeegWebex.Application.Common;

internal enum OptimisticUpdateStatus
{
    Written,

    /// <summary>There is no such row; nothing was written.</summary>
    NotFound,

    /// <summary>The change found nothing to change; nothing was written.</summary>
    Unchanged,

    /// <summary>Another writer came first on every attempt; nothing was written.</summary>
    KeptChanging,
}
