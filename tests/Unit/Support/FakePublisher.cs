using Mediator;

namespace ZeegWebex.UnitTests.Support;

/// <summary>Publishes as the generated mediator does, to the handlers it is given, in order: a notification reaches the
/// real handler over the fakes.</summary>
internal sealed class FakePublisher(params object[] handlers) : IPublisher
{
    private readonly List<object> _published = [];

    public IReadOnlyList<object> Published
    {
        get
        {
            lock (_published) return [.. _published];
        }
    }

    public async ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification
    {
        lock (_published) _published.Add(notification);
        foreach (var handler in handlers.OfType<INotificationHandler<TNotification>>())
            await handler.Handle(notification, cancellationToken);
    }

    public ValueTask Publish(object notification, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Publish the notification's own type.");
}
