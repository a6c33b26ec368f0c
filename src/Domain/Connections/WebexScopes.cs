namespace ZeegWebex.Domain.Connections;

/// <summary>The only Webex scopes this product ever asks for; recordings are never touched.</summary>
public static class WebexScopes
{
    /// <summary>Show meeting details in the dashboard.</summary>
    public const string MeetingSchedulesRead = "meeting:schedules_read";

    /// <summary>Create meetings when events are scheduled.</summary>
    public const string MeetingSchedulesWrite = "meeting:schedules_write";

    /// <summary>Show the connected Webex account.</summary>
    public const string PeopleRead = "spark:people_read";

    public static IReadOnlyList<string> Required { get; } = [MeetingSchedulesRead, MeetingSchedulesWrite, PeopleRead];

    /// <summary>The scope parameter for the authorize URL: space-separated.</summary>
    public static string AsParameter => string.Join(' ', Required);

    public static bool AreExactlyRequired(IEnumerable<string> scopes) =>
        scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .SequenceEqual(Required.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
