using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using ZeegWebex.Application.Meetings;
using ZeegWebex.Application.Meetings.CancelEvent;
using ZeegWebex.Application.Meetings.GetMeeting;
using ZeegWebex.Application.Meetings.GetMeetingHost;
using ZeegWebex.Application.Meetings.RescheduleEvent;
using ZeegWebex.Application.Meetings.RetryMeeting;
using ZeegWebex.Application.Meetings.ScheduleEvent;

namespace ZeegWebex.Api.Endpoints;

public static class EventsEndpoints
{
    // Start and end stay text here: "2030-03-10T10:00:00" is 10:00 in the event's timeZone, which only the application
    // knows how to read (a DateTimeOffset binder would take it as UTC).
    public sealed record ScheduleEventBody(
        string? ZeegEventId, string? HostZeegUserId, string? Title, string? Start, string? End,
        string? TimeZone, string? Agenda, IReadOnlyList<string>? Invitees);

    public sealed record RescheduleEventBody(
        string? Title, string? Start, string? End, string? TimeZone, string? Agenda, IReadOnlyList<string>? Invitees);

    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/events").WithTags("Events").WithBodyLimit().ProducesCredentialProblems();
        // Every answer can carry join passwords (and the host route the host key): no cache, proxy or browser keeps them.
        group.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
        group.MapPost("/", Schedule)
            .WithSummary("An event with a Webex location was scheduled: a Webex meeting will be created (202; the same event again answers 200, the same id with a different body 409).")
            .ProducesBodyProblems().ProducesConflict().ProducesOverload();
        group.MapGet("/{zeegEventId}/meeting", GetMeeting)
            .WithSummary("The event's meeting status and, once created, its location: what the host and every invitee may see (join link, meeting number, passwords, SIP, dial-in and access code; never the host key).")
            .ProducesInputProblems().ProducesNotFound();
        group.MapGet("/{zeegEventId}/meeting/host", GetMeetingHost)
            .WithSummary("Host only: the meeting's host key. Show it to the event's host alone, never to invitees; 404 until the meeting is created.")
            .ProducesInputProblems().ProducesNotFound();
        group.MapPost("/{zeegEventId}/meeting/retry", Retry)
            .WithSummary("Try a Failed meeting again with its stored schedule (202); 409 when the meeting has not failed, the host has to reconnect Webex, or the event has started.")
            .ProducesInputProblems().ProducesNotFound().ProducesConflict();
        group.MapPut("/{zeegEventId}", Reschedule)
            .WithSummary("The event was rescheduled: the Webex meeting is updated (status ChangeNotDelivered when the host's Webex connection cannot be used: updated after the reconnect).")
            .ProducesBodyProblems().ProducesNotFound().ProducesConflict();
        group.MapDelete("/{zeegEventId}", Cancel)
            .WithSummary("The event was cancelled: the Webex meeting is deleted (status CancelNotDelivered when the host's Webex connection cannot be used: it stays joinable until the host reconnects, then it is deleted).")
            .ProducesInputProblems().ProducesNotFound().ProducesConflict();
        return group;
    }

    private static async Task<Results<Accepted<MeetingView>, Ok<MeetingView>>> Schedule(
        ScheduleEventBody body, IMediator mediator, CancellationToken ct)
    {
        // Missing values become defaults that the validator rejects with a named field, rather than a binder error.
        var result = await mediator.Send(new ScheduleEventCommand(
            body.ZeegEventId ?? "", body.HostZeegUserId ?? "", body.Title ?? "", body.Start, body.End,
            body.TimeZone ?? "", body.Agenda, body.Invitees), ct);
        return result.Accepted ? TypedResults.Accepted(MeetingPath(result.Meeting.ZeegEventId), result.Meeting) : TypedResults.Ok(result.Meeting);
    }

    private static async Task<Ok<MeetingView>> GetMeeting(string zeegEventId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetMeetingQuery(zeegEventId), ct));

    private static async Task<Ok<MeetingHostView>> GetMeetingHost(string zeegEventId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetMeetingHostQuery(zeegEventId), ct));

    private static async Task<Accepted<MeetingView>> Reschedule(
        string zeegEventId, RescheduleEventBody body, IMediator mediator, CancellationToken ct)
    {
        var meeting = await mediator.Send(new RescheduleEventCommand(
            zeegEventId, body.Title ?? "", body.Start, body.End, body.TimeZone ?? "", body.Agenda, body.Invitees), ct);
        return TypedResults.Accepted(MeetingPath(zeegEventId), meeting);
    }

    private static async Task<Accepted<MeetingView>> Cancel(string zeegEventId, IMediator mediator, CancellationToken ct)
    {
        var meeting = await mediator.Send(new CancelEventCommand(zeegEventId), ct);
        return TypedResults.Accepted(MeetingPath(zeegEventId), meeting);
    }

    private static async Task<Accepted<MeetingView>> Retry(string zeegEventId, IMediator mediator, CancellationToken ct)
    {
        var meeting = await mediator.Send(new RetryMeetingCommand(zeegEventId), ct);
        return TypedResults.Accepted(MeetingPath(zeegEventId), meeting);
    }

    private static string MeetingPath(string zeegEventId) => $"/api/events/{Uri.EscapeDataString(zeegEventId)}/meeting";
}
