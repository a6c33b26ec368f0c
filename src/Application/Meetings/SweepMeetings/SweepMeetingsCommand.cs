using Mediator;

namespace ZeegWebex.Application.Meetings.SweepMeetings;

/// <summary>Finds meetings whose work is overdue (their job was lost: a restart on in-memory job storage, a crash)
/// and hands them to the job runner again. Our table, not the job store, says what is outstanding. Also resumes the
/// cancellations and changes that waited for their host to reconnect Webex, once the connection is Active again.</summary>
public sealed record SweepMeetingsCommand(int BatchSize = 500) : ICommand<int>;
