namespace ZeegWebex.Application.Common;

/// <summary>What <see cref="OptimisticUpdate.ApplyAsync{T}"/> came to, with the row as written (or as found, when
/// there was nothing to change).</summary>
internal readonly record struct OptimisticUpdateResult<T>(OptimisticUpdateStatus Status, T? Row) where T : class
{
    public bool Written => Status == OptimisticUpdateStatus.Written;
}
